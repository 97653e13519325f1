using System.ComponentModel;
using System.Data.Common;
using Dapper;
using FluentValidation;
using MatchApi.Data;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Common;

/// <summary>One page of a list, with the total so a client can show "page 2 of 7".</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>
/// Which page of a list to return. Every list takes it with <c>[AsParameters] PageRequest paging</c>: the
/// validation filter checks it like a body (out-of-range values are a 400, never silently changed), and
/// the OpenAPI document takes its bounds from <see cref="PageRequestValidator"/>.
/// </summary>
public sealed class PageRequest
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The last page anyone can ask for: (page - 1) * pageSize then stays far inside an int on both databases.</summary>
    public const int MaxPage = 1_000_000;

    [FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Description("Items per page (default 50).")]
    public int? PageSize { get; init; }

    public (int Page, int PageSize, int Skip) Resolve()
    {
        var page = Page ?? 1;
        var size = PageSize ?? DefaultPageSize;
        return (page, size, (page - 1) * size);
    }
}

/// <summary>
/// The one way a list endpoint reads its page: the page's rows (a <see cref="Sql.Paged"/> statement) and the count of all
/// rows its filter matches, with the same arguments plus <c>@Skip</c> and <c>@Take</c> from the <see cref="PageRequest"/>.
/// </summary>
public static class Pages
{
    /// <summary>One page on a connection of its own.</summary>
    public static async Task<PagedList<TDto>> ReadAsync<TRow, TDto>(Db db, Sql list, Sql count, object filter, PageRequest paging,
        Func<TRow, TDto> map, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await ReadAsync(db, connection, list, count, filter, paging, map, ct);
    }

    /// <summary>One page on an open connection, e.g. after checking that the list's owner exists.</summary>
    public static async Task<PagedList<TDto>> ReadAsync<TRow, TDto>(Db db, DbConnection connection, Sql list, Sql count, object filter,
        PageRequest paging, Func<TRow, TDto> map, CancellationToken ct)
    {
        var (page, size, skip) = paging.Resolve();
        var args = new DynamicParameters(filter);
        args.Add("Skip", skip);
        args.Add("Take", size);
        var rows = await connection.QueryAsync<TRow>(db, list, args, null, ct);
        var total = await connection.ExecuteScalarAsync<long>(db, count, args, null, ct);
        return new PagedList<TDto>(rows.Select(map).ToList(), page, size, total);
    }
}

public sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, PageRequest.MaxPage);
        RuleFor(x => x.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize);
    }
}
