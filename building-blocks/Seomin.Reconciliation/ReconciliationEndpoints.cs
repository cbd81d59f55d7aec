using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Reconciliation;

public sealed record StartReconciliationRequest(DateOnly? From, DateOnly? To);

public sealed record ReconciliationRunSummary(
    Guid Id, DateOnly From, DateOnly To, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string RequestedBy,
    ReconciliationStatus Status, int Differences, int InFlight, DateTimeOffset? NotifiedAt);

/// <summary>The operator's side: run now, list runs, one run as JSON or as a readable page.</summary>
public static class ReconciliationEndpoints
{
    public static RouteGroupBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup($"{prefix.TrimEnd('/')}/reconciliation/runs").WithTags("Reconciliation").WithStandardProblems()
            .RequireRoles(StaffRoles.Auditor, StaffRoles.Operator);
        group.MapPost("/", StartAsync).WithName("RunReconciliation")
            .WithSummary("Reconciles the services' books for a period now (operator command); returns the stored run");
        group.MapGet("/", ListAsync).WithName("ListReconciliationRuns").WithSummary("Reconciliation runs, newest first");
        group.MapGet("/{runId:guid}", GetAsync).WithName("GetReconciliationRun")
            .WithSummary("One run: every rule per fund, each difference with its business key, the message flow per service")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{runId:guid}/report", ReportAsync).WithName("GetReconciliationReport")
            .WithSummary("One run as a readable HTML page").Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Created<ReconciliationRun>> StartAsync(StartReconciliationRequest request, ClaimsPrincipal user, ReconciliationRunner runner, CancellationToken ct)
    {
        var period = ControlTotalsEndpoints.Period(request.From, request.To);
        var run = await runner.RunAsync(period, user.GetSubject() ?? "unknown", ct);
        return TypedResults.Created($"{run.Id}", run);
    }

    private static async Task<Ok<PagedResult<ReconciliationRunSummary>>> ListAsync(int? page, int? pageSize, ReconciliationDbContext db, CancellationToken ct)
    {
        var window = Paging.Normalise(page, pageSize);
        var total = await db.Runs.CountAsync(ct);
        var items = await db.Runs.AsNoTracking().OrderByDescending(r => r.StartedAt).Skip(window.Skip).Take(window.Size)
            .Select(r => new ReconciliationRunSummary(r.Id, r.From, r.To, r.StartedAt, r.FinishedAt, r.RequestedBy, r.Status, r.Differences, r.InFlight, r.NotifiedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(window.Of<ReconciliationRunSummary>(items, total));
    }

    private static async Task<Ok<ReconciliationRun>> GetAsync(Guid runId, ReconciliationDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(runId, db, ct));

    private static async Task<ContentHttpResult> ReportAsync(Guid runId, ReconciliationDbContext db, CancellationToken ct) =>
        TypedResults.Content(Html(await LoadAsync(runId, db, ct)), "text/html; charset=utf-8");

    private static async Task<ReconciliationRun> LoadAsync(Guid runId, ReconciliationDbContext db, CancellationToken ct)
    {
        var json = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Result).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Reconciliation run {runId} was not found.");
        return JsonSerializer.Deserialize<ReconciliationRun>(json, ReconciliationDbContext.Json)!;
    }

    /// <summary>A plain page an operator can read or print: the verdict, the rules per fund, every difference with its key.</summary>
    internal static string Html(ReconciliationRun run)
    {
        static string E(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        static string W(long won) => won.ToString("N0", CultureInfo.InvariantCulture);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>대사 결과 ").Append(E(run.Id)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}.Different,.Incomplete{color:#b00}.InFlight{color:#a60}</style></head><body>")
            .Append("<h1>대사(reconciliation) ").Append(E(run.From)).Append(" – ").Append(E(run.To)).Append("</h1>")
            .Append("<p>Run ").Append(E(run.Id)).Append(", ").Append(E(run.StartedAt.ToString("u", CultureInfo.InvariantCulture))).Append(", requested by ").Append(E(run.RequestedBy))
            .Append(": <strong class=\"").Append(E(run.Status)).Append("\">").Append(E(run.Status)).Append("</strong> — ")
            .Append(run.Differences).Append(" differences, ").Append(run.InFlight).Append(" in flight.</p>");
        if (run.Unreachable.Count > 0)
        {
            html.Append("<p class=\"Incomplete\">Not read: ").Append(E(string.Join(", ", run.Unreachable))).Append("</p>");
        }

        html.Append("<table><tr><th>Rule</th><th>Fund</th><th>Source count</th><th>Source ₩</th><th>Target count</th><th>Target ₩</th><th>Status</th></tr>");
        foreach (var r in run.Rules)
        {
            html.Append("<tr><td>").Append(E(r.Rule)).Append("</td><td>").Append(E(r.FundCode ?? "—")).Append("</td><td>").Append(r.SourceCount)
                .Append("</td><td>").Append(W(r.SourceWon)).Append("</td><td>").Append(r.TargetCount).Append("</td><td>").Append(W(r.TargetWon))
                .Append("</td><td class=\"").Append(E(r.Status)).Append("\">").Append(E(r.Status)).Append("</td></tr>");
        }

        html.Append("</table><h2>Differences</h2><table><tr><th>Rule</th><th>Kind</th><th>Key</th><th>Source ₩</th><th>Target ₩</th><th>At</th><th>In flight</th></tr>");
        foreach (var r in run.Rules)
        {
            foreach (var d in r.Differences)
            {
                html.Append("<tr><td>").Append(E(r.Rule)).Append("</td><td>").Append(E(d.Kind)).Append("</td><td>").Append(E(d.Key))
                    .Append("</td><td>").Append(d.SourceWon is { } s ? W(s) : "—").Append("</td><td>").Append(d.TargetWon is { } t ? W(t) : "—")
                    .Append("</td><td>").Append(E(d.At.ToString("u", CultureInfo.InvariantCulture))).Append("</td><td>").Append(d.InFlight ? "yes" : "no").Append("</td></tr>");
            }
        }

        html.Append("</table><h2>Messages</h2><table><tr><th>Service</th><th>Published type / consumer</th><th>Delivered / consumed</th><th>Pending</th></tr>");
        foreach (var f in run.Messages)
        {
            foreach (var p in f.Messages.Published)
            {
                html.Append("<tr><td>").Append(E(f.Service)).Append("</td><td>").Append(E(p.MessageType)).Append("</td><td>").Append(p.Delivered).Append("</td><td>").Append(p.Pending).Append("</td></tr>");
            }

            foreach (var c in f.Messages.Consumed)
            {
                html.Append("<tr><td>").Append(E(f.Service)).Append("</td><td>← ").Append(E(c.ConsumerEndpoint)).Append("</td><td>").Append(c.Count).Append("</td><td></td></tr>");
            }
        }

        return html.Append("</table></body></html>").ToString();
    }
}
