using System.IO.Compression;
using Google.Protobuf;
using Google.Rpc;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Seomin.AppHost.Dashboard.Telemetry;

namespace Seomin.AppHost.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP receiver (binary protobuf, optionally gzip): <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>.
/// Answers as the OTLP specification says: 200 with an Export*ServiceResponse (partial success when items were
/// rejected), 400 with a google.rpc.Status for an undecodable body, 413 above the size limit, 415 for other content types.
/// </summary>
public static class OtlpEndpoints
{
    internal const string ProtobufContentType = "application/x-protobuf";
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;

    public static IEndpointRouteBuilder MapOtlpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/v1").WithTags("OTLP").ExcludeFromDescription().DisableAntiforgery();
        group.MapPost("/traces", ReceiveTracesAsync).WithName("OtlpTraces");
        group.MapPost("/logs", ReceiveLogsAsync).WithName("OtlpLogs");
        group.MapPost("/metrics", ReceiveMetricsAsync).WithName("OtlpMetrics");
        return endpoints;
    }

    public static async Task<IResult> ReceiveTracesAsync(HttpContext context, TelemetryStore store, IOptions<DashboardOptions> options, TimeProvider time, ILogger<TelemetryStore> logger)
    {
        var (request, refusal) = await ReadAsync(context, ExportTraceServiceRequest.Parser, options.Value.MaxRequestBytes, "traces", logger);
        if (request is null)
        {
            return refusal!;
        }

        var (spans, rejected) = OtlpConverter.ToSpans(request, time.GetUtcNow());
        store.AddSpans(spans);
        var response = new ExportTraceServiceResponse();
        if (rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = "spans without a valid trace id or span id were rejected" };
        }

        return new ProtobufResult(StatusCodes.Status200OK, response);
    }

    public static async Task<IResult> ReceiveLogsAsync(HttpContext context, TelemetryStore store, IOptions<DashboardOptions> options, TimeProvider time, ILogger<TelemetryStore> logger)
    {
        var (request, refusal) = await ReadAsync(context, ExportLogsServiceRequest.Parser, options.Value.MaxRequestBytes, "logs", logger);
        if (request is null)
        {
            return refusal!;
        }

        store.AddLogs(OtlpConverter.ToLogs(request, time.GetUtcNow()));
        return new ProtobufResult(StatusCodes.Status200OK, new ExportLogsServiceResponse());
    }

    public static async Task<IResult> ReceiveMetricsAsync(HttpContext context, TelemetryStore store, IOptions<DashboardOptions> options, TimeProvider time, ILogger<TelemetryStore> logger)
    {
        var (request, refusal) = await ReadAsync(context, ExportMetricsServiceRequest.Parser, options.Value.MaxRequestBytes, "metrics", logger);
        if (request is null)
        {
            return refusal!;
        }

        store.AddMetricPoints(OtlpConverter.ToMetricPoints(request, time.GetUtcNow()));
        return new ProtobufResult(StatusCodes.Status200OK, new ExportMetricsServiceResponse());
    }

    private static async Task<(T? Request, IResult? Refusal)> ReadAsync<T>(HttpContext context, MessageParser<T> parser, long maxBytes, string signal, ILogger logger)
        where T : class, IMessage<T>
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, ProtobufContentType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mediaType, "application/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            DashboardLog.OtlpRefused(logger, signal, $"unsupported content type '{mediaType}'");
            return (null, Refuse(StatusCodes.Status415UnsupportedMediaType, InvalidArgument, $"Unsupported content type '{mediaType}'; this receiver accepts {ProtobufContentType}."));
        }

        if (context.Request.ContentLength > maxBytes)
        {
            DashboardLog.OtlpRefused(logger, signal, "body too large");
            return (null, Refuse(StatusCodes.Status413PayloadTooLarge, ResourceExhausted, $"The request body exceeds {maxBytes} bytes."));
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim();
        byte[] body;
        try
        {
            if (string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
            {
                await using var gzip = new GZipStream(context.Request.Body, CompressionMode.Decompress, leaveOpen: true);
                body = await ReadCappedAsync(gzip, maxBytes, context.RequestAborted);
            }
            else if (encoding.Length == 0 || string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadCappedAsync(context.Request.Body, maxBytes, context.RequestAborted);
            }
            else
            {
                DashboardLog.OtlpRefused(logger, signal, $"unsupported content encoding '{encoding}'");
                return (null, Refuse(StatusCodes.Status415UnsupportedMediaType, InvalidArgument, $"Unsupported content encoding '{encoding}'."));
            }
        }
        catch (BodyTooLargeException)
        {
            DashboardLog.OtlpRefused(logger, signal, "body too large");
            return (null, Refuse(StatusCodes.Status413PayloadTooLarge, ResourceExhausted, $"The request body exceeds {maxBytes} bytes."));
        }
        catch (InvalidDataException ex)
        {
            DashboardLog.OtlpRefused(logger, signal, "invalid gzip body");
            return (null, Refuse(StatusCodes.Status400BadRequest, InvalidArgument, "The gzip body could not be decompressed: " + ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            DashboardLog.OtlpRefused(logger, signal, ex.Message);
            return (null, Refuse(ex.StatusCode, InvalidArgument, ex.Message));
        }

        try
        {
            return (parser.ParseFrom(body), null);
        }
        catch (InvalidProtocolBufferException ex)
        {
            DashboardLog.OtlpRefused(logger, signal, "undecodable protobuf");
            return (null, Refuse(StatusCodes.Status400BadRequest, InvalidArgument, "The body is not a valid " + typeof(T).Name + ": " + ex.Message));
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProtobufResult Refuse(int httpStatus, int rpcCode, string message) =>
        new(httpStatus, new Status { Code = rpcCode, Message = message });

    private sealed class BodyTooLargeException : Exception;

    /// <summary>Writes a protobuf message as <c>application/x-protobuf</c> with the given status.</summary>
    private sealed class ProtobufResult(int statusCode, IMessage message) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = ProtobufContentType;
            var bytes = message.ToByteArray();
            httpContext.Response.ContentLength = bytes.Length;
            await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
    }
}
