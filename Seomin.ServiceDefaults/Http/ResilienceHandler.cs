using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Seomin.ServiceDefaults.Http;

/// <summary>
/// Limits of the standard HTTP resilience pipeline, bound from <c>Seomin:HttpResilience</c>. Defaults follow
/// Microsoft's standard resilience handler (Microsoft.Extensions.Http.Resilience is not available here).
/// </summary>
public sealed class HttpResilienceOptions
{
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest <c>Retry-After</c> the handler will wait for; a longer one ends the retries.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public double CircuitFailureRatio { get; set; } = 0.1;

    public int CircuitMinimumThroughput { get; set; } = 100;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Registration of the standard resilience handler on every HttpClient.</summary>
public static class ResilienceHandlerExtensions
{
    /// <summary>Adds total timeout, retry (idempotent methods only, honouring Retry-After), circuit breaker and attempt timeout.</summary>
    public static IHttpClientBuilder AddSeominResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.AddOptions<HttpResilienceOptions>().BindConfiguration("Seomin:HttpResilience");
        return builder.AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredService<IOptions<HttpResilienceOptions>>().Value));
    }
}

/// <summary>A <see cref="DelegatingHandler"/> that runs each request through a Polly.Core pipeline.</summary>
public sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Seomin.Http.Request");
    private static readonly HashSet<HttpMethod> IdempotentMethods =
        [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace];

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilienceHandler(HttpResilienceOptions options)
    {
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(RequestKey, out var request)
                    && IdempotentMethods.Contains(request.Method)
                    && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = options.CircuitSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500
            || response.StatusCode == HttpStatusCode.RequestTimeout
            || response.StatusCode == HttpStatusCode.TooManyRequests,
        _ => false,
    };

    // Null lets Polly use its jittered exponential backoff.
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;
    }
}
