using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount);

internal static class Paging
{
    public const int MaxPageSize = 200;

    public static (int Page, int Size) Normalise(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var s = pageSize ?? 20;
        if (p < 1)
        {
            throw new DomainValidationException("page", "page must be 1 or more.");
        }

        if (s is < 1 or > MaxPageSize)
        {
            throw new DomainValidationException("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        }

        return (p, s);
    }
}
