namespace Seomin.ServiceDefaults.Problems;

/// <summary>The requested resource does not exist (404).</summary>
public class NotFoundException(string message) : Exception(message);

/// <summary>The request conflicts with the resource's current state, e.g. an illegal transition (409).</summary>
public class ConflictException(string message) : Exception(message);

/// <summary>A named business rule refused the request (422); <see cref="Rule"/> is a stable code.</summary>
public class BusinessRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>Request fields failed validation (400), with messages per field.</summary>
public class DomainValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more validation errors occurred.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public DomainValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
