using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.ServiceDefaults.Problems;

/// <summary>
/// How a service's own domain exceptions become Problem Details. Domain projects reference only the BCL, so
/// they throw their own exception types; each service declares them once here (in its Add&lt;Service&gt;Services)
/// and the one exception handler maps them, instead of a filter per service that rethrows them.
/// </summary>
public sealed class DomainExceptionMapping
{
    private readonly List<(Type Type, int Status, Func<Exception, string?> Rule)> _mappings = [];

    /// <summary>A named business rule refused the request: 422 with the rule's stable code as <c>rule</c>.</summary>
    public DomainExceptionMapping Rule<TException>(Func<TException, string> rule)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(rule);
        _mappings.Add((typeof(TException), StatusCodes.Status422UnprocessableEntity, e => rule((TException)e)));
        return this;
    }

    /// <summary>The operation is not allowed in the resource's current state: 409.</summary>
    public DomainExceptionMapping Conflict<TException>()
        where TException : Exception
    {
        _mappings.Add((typeof(TException), StatusCodes.Status409Conflict, _ => null));
        return this;
    }

    internal bool TryMap(Exception exception, out int status, out string? rule)
    {
        foreach (var mapping in _mappings)
        {
            if (mapping.Type.IsInstanceOfType(exception))
            {
                status = mapping.Status;
                rule = mapping.Rule(exception);
                return true;
            }
        }

        status = 0;
        rule = null;
        return false;
    }
}

public static class DomainExceptionMappingExtensions
{
    /// <summary>Declares the service's domain exceptions for the one exception handler (rule → 422, illegal state → 409).</summary>
    public static IServiceCollection AddDomainExceptions(this IServiceCollection services, Action<DomainExceptionMapping> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DomainExceptionMapping>().Configure(configure);
        return services;
    }
}
