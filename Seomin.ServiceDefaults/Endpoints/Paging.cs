using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Endpoints;

/// <summary>One page of a list: 1-based <see cref="Page"/>, the size asked for and the total across all pages.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

/// <summary>The page a request asked for, validated: 1-based page, 1 to the endpoint's maximum items per page.</summary>
public readonly record struct PageWindow(int Page, int Size)
{
    /// <summary>Rows before this page.</summary>
    public int Skip => (Page - 1) * Size;

    /// <summary>This page's items with the paging facts.</summary>
    public PagedResult<T> Of<T>(IReadOnlyList<T> items, int totalCount) => new(items, Page, Size, totalCount);
}

/// <summary>The one paging rule of every Seomin list endpoint (query parameters <c>page</c> and <c>pageSize</c>).</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;

    /// <summary>The largest page an endpoint serves unless it states its own.</summary>
    public const int DefaultMaxPageSize = 100;

    /// <summary>Defaults a missing page to 1 and size to <see cref="DefaultPageSize"/>; anything out of range is a 400 naming the field.</summary>
    public static PageWindow Normalise(int? page, int? pageSize, int maxPageSize = DefaultMaxPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPageSize, 1);
        var p = page ?? 1;
        var size = pageSize ?? Math.Min(DefaultPageSize, maxPageSize);
        if (p < 1)
        {
            throw new DomainValidationException("page", "page must be 1 or more.");
        }

        if (size < 1 || size > maxPageSize)
        {
            throw new DomainValidationException("pageSize", $"pageSize must be between 1 and {maxPageSize}.");
        }

        return new PageWindow(p, size);
    }
}
