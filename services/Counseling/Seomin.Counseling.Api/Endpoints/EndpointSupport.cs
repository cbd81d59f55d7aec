using Seomin.Counseling.Domain;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

/// <summary>A page of results: 1-based page, at most 100 items.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

internal static class EndpointSupport
{
    public const int MaxPageSize = 100;

    /// <summary>Turns the domain's named rule violations into the shared 422 Problem Details.</summary>
    public static RouteGroupBuilder WithCounselingRules(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (CounselingRuleException ex)
            {
                throw new BusinessRuleException(ex.Rule, ex.Message);
            }
        });
        return group;
    }

    public static (int Page, int PageSize) Paging(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 20;
        if (p < 1 || size < 1 || size > MaxPageSize)
        {
            throw new DomainValidationException("page", $"page starts at 1; pageSize is 1 to {MaxPageSize}.");
        }

        return (p, size);
    }

    /// <summary>The customer from an explicit CustomerId or from an RRN the counselor verified; both must agree.</summary>
    public static string? ResolveCustomer(string? customerId, ResidentRegistrationNumber? rrn, ICustomerIdFactory factory)
    {
        string? fromId = null;
        if (!string.IsNullOrWhiteSpace(customerId))
        {
            if (!CustomerId.TryParse(customerId, out var parsed))
            {
                throw new DomainValidationException("customerId", "The customer id is not valid.");
            }

            fromId = parsed.Value;
        }

        if (rrn is { IsEmpty: false } number)
        {
            var fromRrn = factory.Create(number).Value;
            if (fromId is not null && fromId != fromRrn)
            {
                throw new DomainValidationException("rrn", "The resident registration number does not belong to the given customer.");
            }

            return fromRrn;
        }

        return fromId;
    }

    /// <summary>A required enum field: missing or unknown is a 400 naming the field (never a silent default).</summary>
    public static T Required<T>(T? value, string field)
        where T : struct, Enum =>
        value is { } v && Enum.IsDefined(v) ? v : throw new DomainValidationException(field, $"A known {field} is required.");

    public static string RequireCustomerId(string customerId) =>
        CustomerId.TryParse(customerId, out var parsed)
            ? parsed.Value
            : throw new DomainValidationException("customerId", "The customer id is not valid.");
}
