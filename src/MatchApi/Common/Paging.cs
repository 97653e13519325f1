
namespace MatchApi.Common;

/// <summary>One page of a list, with the total so a client can show "page 2 of 7".</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The last page anyone can ask for: (page - 1) * pageSize then stays far inside an int on both databases.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Caps and defaults paging parameters; out-of-range values are a validation error, not silently changed.</summary>
    public static Dictionary<string, string[]>? Validate(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage) errors["page"] = [$"page must be between 1 and {MaxPage}."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        return errors.Count == 0 ? null : errors;
    }

    public static (int Page, int PageSize, int Skip) Resolve(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        return (p, size, (p - 1) * size);
    }
}
