using System.Text;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Features.Csv;

/// <summary>One data row of a CSV file: its 1-based row number (after the header) and its fields by header name.</summary>
public sealed record CsvRow(int Number, IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string column] => Fields.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
}

/// <summary>
/// A small RFC 4180 reader (comma-separated, double-quoted fields with "" escapes, CRLF or LF, UTF-8 with or without
/// BOM): enough for the institutions' filing files and the bank's statement files, without another package.
/// </summary>
public static class CsvTable
{
    public static (IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows) Parse(string text, IReadOnlyCollection<string> requiredColumns)
    {
        var records = Records(text.TrimStart('\uFEFF')).Where(r => r.Count > 1 || r[0].Length > 0).ToList();
        if (records.Count == 0)
        {
            throw new CsvFileException([new("file", "The file is empty: a header row is required.")]);
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFileException([new("header", $"Missing column(s): {string.Join(", ", missing)}.")]);
        }

        var rows = new List<CsvRow>();
        var errors = new List<CsvError>();
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Count != header.Count)
            {
                errors.Add(new($"rows[{i}]", $"Row {i} has {records[i].Count} fields; the header has {header.Count}."));
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Count; c++)
            {
                fields[header[c]] = records[i][c].Trim();
            }

            rows.Add(new CsvRow(i, fields));
        }

        if (errors.Count > 0)
        {
            throw new CsvFileException(errors);
        }

        return (header, rows);
    }

    private static IEnumerable<List<string>> Records(string text)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}

public sealed record CsvError(string Field, string Message);

/// <summary>A file refused whole: every bad row listed with its number and field (400, nothing kept).</summary>
public sealed class CsvFileException(IReadOnlyList<CsvError> errors) : DomainValidationException(ToDictionary(errors))
{
    public static IDictionary<string, string[]> ToDictionary(IEnumerable<CsvError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
