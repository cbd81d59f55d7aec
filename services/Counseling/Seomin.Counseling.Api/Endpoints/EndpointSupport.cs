using System.Security.Claims;
using Seomin.Access;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

internal static class EndpointSupport
{
    /// <summary>The largest page a counseling list serves.</summary>
    public const int MaxPageSize = Paging.DefaultMaxPageSize;

    /// <summary>Problem Details code when a signed-in employee records work under someone else's number.</summary>
    public const string EmployeeIsCallerRule = "employee_is_caller";

    /// <summary>
    /// Who did the work being recorded (the counselor of a session, the recorder of a completion that earns a fee
    /// reduction): a signed-in employee records their own work (the token's <c>sub</c>; a body field naming anyone
    /// else is refused), while a system client (the 1397 call-centre CTI, the chatbot hand-off, an education
    /// platform) records on behalf of the employee it names in <paramref name="field"/>. The audit trail still names
    /// the calling client.
    /// </summary>
    public static string ActingEmployee(ClaimsPrincipal user, string? named, string field)
    {
        var namedEmployee = string.IsNullOrWhiteSpace(named) ? null : named.Trim();
        if (user.IsPerson())
        {
            var caller = user.GetSubject() ?? throw new DomainValidationException(field, "The token names no employee.");
            return namedEmployee is null || namedEmployee == caller
                ? caller
                : throw new BusinessRuleException(EmployeeIsCallerRule, $"A signed-in employee records their own work: leave {field} out or give your own employee number.");
        }

        return namedEmployee ?? throw new DomainValidationException(field, $"A system client must name the employee in {field}.");
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
