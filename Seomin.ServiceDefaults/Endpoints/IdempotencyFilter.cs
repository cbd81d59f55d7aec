using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Endpoints;

/// <summary>
/// The one Idempotency-Key behaviour of every Seomin write endpoint. A request without the header runs as usual.
/// With it: the first request claims the key (scoped by the calling client) and runs; its successful answer
/// (status, body, Location) is stored and replayed byte for byte, with <c>Idempotent-Replayed: true</c>, to a retry
/// with the same key and the same body. The same key with a different body is refused with 422
/// (rule <see cref="KeyMustMatchBodyRule"/>); a retry while the first request is still running gets 409. A failed
/// request (an exception or a non-2xx answer) frees the key, so fixing the request and retrying works.
/// </summary>
/// <remarks>
/// The key is claimed in its own short commit before the handler runs and completed just before the answer is
/// sent. If the process dies in between, the key stays claimed and retries get 409 rather than a second execution:
/// the caller then checks the resource (or uses a new key), which is safer than doing the operation twice. A release
/// that fails (the database went away with the request that failed) is retried in the background until it succeeds
/// (<see cref="IdempotencyReleases"/>), so the key does not stay claimed for a request that did nothing.
/// </remarks>
public sealed class IdempotencyFilter(IIdempotencyStore store, TimeProvider time, IdempotencyReleases releases) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const string KeyMustMatchBodyRule = "IdempotencyKeyMustMatchBody";
    public const int MaxKeyLength = 200;

    /// <summary>Bodies of idempotent requests are buffered (to hash them) up to this size; larger ones are 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Claims that name the calling client in a validated access token.</summary>
    private static readonly string[] ClientClaims = ["client_id", "azp"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers[HeaderName].ToString();
        if (header.Length == 0)
        {
            return await next(context);
        }

        if (header.Length > MaxKeyLength)
        {
            throw new DomainValidationException(HeaderName, $"The key must be at most {MaxKeyLength} characters.");
        }

        var key = new IdempotencyKey(ClientOf(http), header);
        var hash = await HashBodyAsync(http.Request, http.RequestAborted);
        if (await store.FindAsync(key, http.RequestAborted) is { } existing)
        {
            return Replay(existing, hash);
        }

        if (!await store.TryReserveAsync(key, hash, time.GetUtcNow(), http.RequestAborted))
        {
            // A concurrent request with the same key claimed it first: answer as that one does.
            return await store.FindAsync(key, http.RequestAborted) is { } winner
                ? Replay(winner, hash)
                : throw new ConflictException("A request with this Idempotency-Key was processed concurrently; retry.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await releases.ReleaseAsync(store, key);
            throw;
        }

        return result is IResult answer
            ? new RecordingResult(answer, store, releases, key, hash)
            : await ReleaseAndReturnAsync(key, result);
    }

    /// <summary>
    /// Whom a key belongs to: the validated token's client and subject (<c>client_id/sub</c>), so two employees behind
    /// one staff client never share keys. Never a header: a caller could name another client.
    /// </summary>
    public static string ClientOf(HttpContext http)
    {
        var client = ClientClaims.Select(c => http.User.FindFirstValue(c)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty;
        var subject = http.User.FindFirstValue("sub") ?? string.Empty;
        var owner = subject.Length == 0 || subject == client ? client : client + "/" + subject;
        return owner.Length <= 200 ? owner : owner[..200];
    }

    private async Task<object?> ReleaseAndReturnAsync(IdempotencyKey key, object? result)
    {
        // Not an IResult (a plain value): nothing reliable to replay, so the key is not kept.
        await releases.ReleaseAsync(store, key);
        return result;
    }

    private static IResult Replay(IdempotentResponse existing, string hash)
    {
        if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
        {
            throw new BusinessRuleException(KeyMustMatchBodyRule, "This Idempotency-Key was used with a different request body.");
        }

        return existing.IsComplete
            ? new ReplayResult(existing)
            : throw new ConflictException("A request with this Idempotency-Key is still being processed; retry later.");
    }

    private static async Task<string> HashBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Body.CanSeek)
        {
            throw new InvalidOperationException(
                $"The body of an idempotent request must be buffered; call {nameof(IdempotencyServiceCollectionExtensions.AddIdempotency)}<TStore>() at start-up.");
        }

        request.Body.Position = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[8192];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxBodyBytes)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Runs the handler's answer into a buffer, stores it if it succeeded, then sends it.</summary>
    private sealed class RecordingResult(IResult inner, IIdempotencyStore store, IdempotencyReleases releases, IdempotencyKey key, string hash) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            catch
            {
                response.Body = original;
                await releases.ReleaseAsync(store, key);
                throw;
            }

            response.Body = original;
            if (response.StatusCode is >= 200 and < 300)
            {
                var location = response.Headers.Location.ToString();
                await store.CompleteAsync(key, new IdempotentResponse(
                    hash, response.StatusCode, response.ContentType, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length),
                    location.Length == 0 ? null : location), CancellationToken.None);
            }
            else
            {
                await releases.ReleaseAsync(store, key);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, httpContext.RequestAborted);
        }
    }

    private sealed class ReplayResult(IdempotentResponse record) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.StatusCode;
            response.Headers[ReplayedHeaderName] = "true";
            if (record.Location is not null)
            {
                response.Headers.Location = record.Location;
            }

            if (record.Body is null)
            {
                return Task.CompletedTask;
            }

            response.ContentType = record.ContentType ?? "application/json; charset=utf-8";
            return response.WriteAsync(record.Body, httpContext.RequestAborted);
        }
    }
}

public static class IdempotencyServiceCollectionExtensions
{
    /// <summary>
    /// The shared Idempotency-Key filter over the service's store (scoped, usually on its DbContext), and buffering
    /// of the bodies of requests that carry the header, so the filter can hash exactly what was sent.
    /// </summary>
    public static IServiceCollection AddIdempotency<TStore>(this IServiceCollection services)
        where TStore : class, IIdempotencyStore
    {
        services.AddScoped<IIdempotencyStore, TStore>();
        services.TryAddSingleton<IdempotencyReleases>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdempotencyReleases>(sp => sp.GetRequiredService<IdempotencyReleases>()));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, IdempotentBodyBufferingStartupFilter>());
        return services;
    }

    /// <summary>Makes the endpoint honour Idempotency-Key (see <see cref="IdempotencyFilter"/>) and documents the header and its answers.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter<IdempotencyFilter>();
        builder.WithMetadata(new IdempotentEndpointMetadata());
        return builder
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}

/// <summary>Marks an endpoint that honours Idempotency-Key (for documents and tests).</summary>
public sealed class IdempotentEndpointMetadata;

internal sealed class IdempotentBodyBufferingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyFilter.HeaderName))
            {
                context.Request.EnableBuffering(bufferThreshold: IdempotencyFilter.MaxBodyBytes);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
