using System.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.PersonalData.Audit;

/// <summary>A response about one person: the filter records a View row for <see cref="DataSubject"/>.</summary>
public interface IHasDataSubject
{
    CustomerId DataSubject { get; }
}

/// <summary>A response about several people (a list, a search result): one View row per subject.</summary>
public interface IHasDataSubjects
{
    IEnumerable<CustomerId> DataSubjects { get; }
}

/// <summary>Automatic audit of reads of personal data.</summary>
public static class PersonalDataReadAuditExtensions
{
    /// <summary>
    /// Records a <see cref="AuditAction.View"/> row, committed before the response is written, whenever
    /// the handler returns 200. The subject comes from the result value (<see cref="IHasDataSubject"/>,
    /// <see cref="IHasDataSubjects"/>, or a sequence of <see cref="IHasDataSubject"/>), or else from
    /// the route value named <paramref name="subjectRouteValue"/> holding a <see cref="CustomerId"/>.
    /// The resource id is the route value <paramref name="resourceIdRouteValue"/>. If the row cannot be
    /// written the request fails: an unaudited read is not served. Needs <c>AddAuditTrail&lt;TContext&gt;()</c>.
    /// </summary>
    /// <param name="builder">An endpoint or a route group.</param>
    /// <param name="resourceType">Recorded resource type; default: the endpoint's display name.</param>
    /// <param name="subjectRouteValue">Route value with the subject's CustomerId, when the result has none.</param>
    /// <param name="resourceIdRouteValue">Route value with the resource id.</param>
    public static TBuilder AuditsPersonalDataRead<TBuilder>(this TBuilder builder, string? resourceType = null, string? subjectRouteValue = null, string resourceIdRouteValue = "id")
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var (status, value) = Unwrap(result);
            if (status != StatusCodes.Status200OK)
            {
                return result;
            }

            var http = context.HttpContext;
            var subjects = SubjectsOf(value).ToList();
            if (subjects.Count == 0 && subjectRouteValue is not null
                && CustomerId.TryParse(http.GetRouteValue(subjectRouteValue)?.ToString(), out var fromRoute))
            {
                subjects.Add(fromRoute);
            }

            if (subjects.Count == 0)
            {
                return result;
            }

            var audit = http.RequestServices.GetService<IAuditTrail>()
                ?? throw new InvalidOperationException("AuditsPersonalDataRead needs an IAuditTrail: call builder.Services.AddAuditTrail<TDbContext>().");
            var type = resourceType ?? http.GetEndpoint()?.DisplayName ?? http.Request.Path.ToString();
            var resourceId = http.GetRouteValue(resourceIdRouteValue)?.ToString();
            foreach (var subject in subjects.Distinct())
            {
                audit.Record(new AuditEntry(AuditAction.View, type, resourceId) { Subject = subject });
            }

            await audit.SaveAsync(http.RequestAborted);
            return result;
        });
        return builder;
    }

    private static (int? Status, object? Value) Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            IStatusCodeHttpResult http => (http.StatusCode ?? StatusCodes.Status200OK, (result as IValueHttpResult)?.Value),
            IResult => (null, null),
            _ => (StatusCodes.Status200OK, result),
        };
    }

    private static IEnumerable<CustomerId> SubjectsOf(object? value)
    {
        switch (value)
        {
            case IHasDataSubject one:
                yield return one.DataSubject;
                break;
            case IHasDataSubjects many:
                foreach (var subject in many.DataSubjects)
                {
                    yield return subject;
                }

                break;
            case IEnumerable sequence and not string:
                foreach (var item in sequence)
                {
                    if (item is IHasDataSubject person)
                    {
                        yield return person.DataSubject;
                    }
                }

                break;
        }
    }
}
