using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

internal static class EndpointSupport
{
    /// <summary>The largest page a counseling list serves.</summary>
    public const int MaxPageSize = Paging.DefaultMaxPageSize;

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
