using Microsoft.EntityFrameworkCore;
using Seomin.Contributions.Api.Data;
using Seomin.BusinessTime;
using Seomin.Contributions.Api.Features.Access;
using Seomin.Contributions.Api.Features.Csv;
using Seomin.Contributions.Domain;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Features.Filings;

/// <summary>A filing as submitted (JSON or one CSV row), before validation.</summary>
public sealed record FilingInput(
    string? InstitutionCode,
    string? Month,
    long? AverageLoanBalance,
    long? AverageGuaranteedBalance,
    Guid? CorrectsFilingId,
    string? CorrectionReason,
    IReadOnlyList<EvidenceInput>? Evidence);

public sealed record EvidenceInput(string? FileName, string? Sha256, long? SizeBytes, string? Description);

/// <summary>
/// Validates and stores filings. Rules: the institution exists and the caller acts for it; the month has ended (a
/// future or the current month is refused: its average is not known yet) and is not before the decree's start;
/// balances are whole won ≥ 0; an original filing is one per institution and month (a second is refused as a duplicate:
/// file a correction); a correction names the month's latest filing and carries a reason and at least one evidence item.
/// A file is all or nothing: every bad row is listed with its row number and nothing is kept.
/// </summary>
public sealed class FilingIntake(ContributionsDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public const string CsvColumns = "institutionCode,month,averageLoanBalance,averageGuaranteedBalance,correctsFilingId,correctionReason,evidenceFileName,evidenceSha256";

    private static readonly string[] RequiredCsvColumns = ["institutionCode", "month", "averageLoanBalance", "averageGuaranteedBalance"];

    public async Task<Filing> FileAsync(FilingInput input, InstitutionScope scope, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<CsvError>();
        var filing = await ValidateAsync(input, scope, "", errors, [], cancellationToken);
        if (errors.Count > 0 || filing is null)
        {
            throw new DomainValidationException(CsvFileException.ToDictionary(errors));
        }

        return Store([filing], FilingSource.Api, actor)[0];
    }

    public async Task<IReadOnlyList<Filing>> FileCsvAsync(string text, InstitutionScope scope, string actor, CancellationToken cancellationToken)
    {
        var (_, rows) = CsvTable.Parse(text, RequiredCsvColumns);
        if (rows.Count == 0)
        {
            throw new CsvFileException([new("file", "The file has a header but no rows.")]);
        }

        var errors = new List<CsvError>();
        var accepted = new List<Filing>();
        var seenInFile = new Dictionary<(string, DateOnly), int>();
        foreach (var row in rows)
        {
            var prefix = $"rows[{row.Number}].";
            var input = new FilingInput(
                row["institutionCode"],
                row["month"],
                ParseWon(row, "averageLoanBalance", prefix, errors),
                ParseWon(row, "averageGuaranteedBalance", prefix, errors),
                ParseGuid(row, "correctsFilingId", prefix, errors),
                row["correctionReason"],
                row["evidenceFileName"] is { } file ? [new EvidenceInput(file, row["evidenceSha256"], null, null)] : []);
            var errorsBefore = errors.Count;
            var filing = await ValidateAsync(input, scope, prefix, errors, seenInFile, cancellationToken);
            if (filing is not null && errors.Count == errorsBefore)
            {
                filing.SourceRow = row.Number;
                accepted.Add(filing);
                seenInFile[(filing.InstitutionCode, filing.Month)] = row.Number;
            }
        }

        if (errors.Count > 0)
        {
            throw new CsvFileException(errors);
        }

        return Store(accepted, FilingSource.Csv, actor);
    }

    private List<Filing> Store(List<Filing> filings, FilingSource source, string actor)
    {
        var now = clock.GetUtcNow();
        foreach (var f in filings)
        {
            f.Source = source;
            f.FiledBy = actor;
            f.FiledAt = now;
            db.Filings.Add(f);
            audit.Record(new AuditEntry(AuditAction.Create, "ContributionFiling", f.Id.ToString())
            {
                Changes =
                [
                    new("institutionCode", null, f.InstitutionCode), new("month", null, f.Month.ToString("yyyy-MM")), new("kind", null, f.Kind.ToString()),
                    new("averageLoanBalance", null, f.AverageLoanBalance.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("averageGuaranteedBalance", null, f.AverageGuaranteedBalance.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ],
            });
        }

        return filings;
    }

    private async Task<Filing?> ValidateAsync(
        FilingInput input,
        InstitutionScope scope,
        string prefix,
        List<CsvError> errors,
        Dictionary<(string, DateOnly), int> seenInFile,
        CancellationToken cancellationToken)
    {
        var start = errors.Count;
        var code = input.InstitutionCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(new(prefix + "institutionCode", "institutionCode is required."));
        }
        else if (!await db.Institutions.AnyAsync(i => i.Code == code, cancellationToken))
        {
            errors.Add(new(prefix + "institutionCode", $"No institution {code} is known."));
        }
        else
        {
            scope.EnsureAllows(code);
        }

        Month month = default;
        var today = BusinessClock.SeoulDate(clock.GetUtcNow());
        if (string.IsNullOrWhiteSpace(input.Month))
        {
            errors.Add(new(prefix + "month", "month is required."));
        }
        else if (!Month.TryParse(input.Month, out month))
        {
            errors.Add(new(prefix + "month", "month must be yyyy-MM."));
        }
        else if (month >= Month.Of(today))
        {
            errors.Add(new(prefix + "month", $"{month} has not ended: a filing reports a past month (today is {today:yyyy-MM-dd})."));
        }
        else if (month.LastDay < Domain.Rates.ContributionRates.Start)
        {
            errors.Add(new(prefix + "month", $"{month} is before the contribution rules took effect (2021-10-21)."));
        }

        CheckWon(input.AverageLoanBalance, prefix + "averageLoanBalance", errors);
        CheckWon(input.AverageGuaranteedBalance, prefix + "averageGuaranteedBalance", errors);
        var evidence = (input.Evidence ?? []).Select((e, i) =>
        {
            if (string.IsNullOrWhiteSpace(e.FileName))
            {
                errors.Add(new($"{prefix}evidence[{i}].fileName", "fileName is required."));
            }

            if (e.Sha256 is { } sha && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                errors.Add(new($"{prefix}evidence[{i}].sha256", "sha256 must be 64 hexadecimal digits."));
            }

            if (e.SizeBytes is < 0)
            {
                errors.Add(new($"{prefix}evidence[{i}].sizeBytes", "sizeBytes must not be negative."));
            }

            return new EvidenceItem { FileName = e.FileName?.Trim() ?? "", Sha256 = e.Sha256?.ToLowerInvariant(), SizeBytes = e.SizeBytes, Description = e.Description };
        }).ToList();

        // A balance the CSV reader could not parse is already listed against its row.
        if (errors.Count > start || input.AverageLoanBalance is null || input.AverageGuaranteedBalance is null)
        {
            return null;
        }

        var monthStart = month.FirstDay;
        var latest = await db.Filings.Where(f => f.InstitutionCode == code && f.Month == monthStart)
            .OrderByDescending(f => f.FiledAt).ThenByDescending(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        if (seenInFile.TryGetValue((code!, monthStart), out var earlierRow))
        {
            errors.Add(new(prefix + "month", $"Duplicate: row {earlierRow} of this file already files {code} for {month}."));
            return null;
        }

        var filing = new Filing
        {
            Id = Guid.CreateVersion7(),
            InstitutionCode = code!,
            Month = monthStart,
            AverageLoanBalance = input.AverageLoanBalance!.Value,
            AverageGuaranteedBalance = input.AverageGuaranteedBalance!.Value,
            Evidence = evidence,
        };
        if (input.CorrectsFilingId is null)
        {
            if (latest is not null)
            {
                errors.Add(new(prefix + "month", $"Duplicate: {code} already filed {month} (filing {latest.Id}); a change is a correction naming it."));
                return null;
            }

            filing.Kind = FilingKind.Original;
            return filing;
        }

        if (latest is null || latest.Id != input.CorrectsFilingId)
        {
            errors.Add(new(prefix + "correctsFilingId", latest is null
                ? $"{code} has no filing for {month} to correct."
                : $"A correction names the month's latest filing ({latest.Id})."));
            return null;
        }

        if (string.IsNullOrWhiteSpace(input.CorrectionReason))
        {
            errors.Add(new(prefix + "correctionReason", "A correction states its reason."));
        }

        if (evidence.Count == 0)
        {
            errors.Add(new(prefix + "evidence", "A correction carries at least one evidence item."));
        }

        filing.Kind = FilingKind.Correction;
        filing.CorrectsFilingId = latest.Id;
        filing.CorrectionReason = input.CorrectionReason?.Trim();
        return filing;
    }

    private static void CheckWon(long? value, string field, List<CsvError> errors)
    {
        if (value is null)
        {
            if (!errors.Any(e => e.Field == field))
            {
                errors.Add(new(field, $"{field[(field.LastIndexOf('.') + 1)..]} is required (whole won)."));
            }
        }
        else if (value < 0)
        {
            errors.Add(new(field, $"{field[(field.LastIndexOf('.') + 1)..]} must not be negative."));
        }
    }

    private static long? ParseWon(CsvRow row, string column, string prefix, List<CsvError> errors)
    {
        var text = row[column];
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var won))
        {
            return won;
        }

        errors.Add(new(prefix + column, $"{column} must be a whole number of won (got '{text}')."));
        return null;
    }

    private static Guid? ParseGuid(CsvRow row, string column, string prefix, List<CsvError> errors)
    {
        var text = row[column];
        if (text is null)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors.Add(new(prefix + column, $"{column} must be a filing id."));
        return null;
    }
}
