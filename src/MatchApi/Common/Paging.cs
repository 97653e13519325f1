using System.ComponentModel;
using FluentValidation;
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

public sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, PageRequest.MaxPage);
        RuleFor(x => x.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize);
    }
}
