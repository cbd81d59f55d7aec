using System.Runtime.CompilerServices;
using System.Text;

namespace Seomin.DormantAssets.Api.Features.Transfers;

/// <summary>One line of a batch as received: its number (1 = the first line after the header) and its seven fields, unparsed.</summary>
public sealed record RawLine(int LineNumber, IReadOnlyList<string> Fields);

/// <summary>
/// Reads a transfer batch file line by line (RFC 4180 quoting within a line; a field cannot span lines), so a file of a
/// million lines never sits in memory. The first line is the header.
/// </summary>
public static class TransferLines
{
    public const string Header = "name,rrn,address,amount,assetType,accountNumber,limitationCompletedOn";

    public static async IAsyncEnumerable<RawLine> ReadCsvAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var header = await reader.ReadLineAsync(cancellationToken);
        if (header is null || !string.Equals(header.Trim(), Header, StringComparison.OrdinalIgnoreCase))
        {
            throw new Seomin.ServiceDefaults.Problems.DomainValidationException("file", $"The first line must be the header '{Header}'.");
        }

        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            yield return new RawLine(number, Split(line));
        }
    }

    /// <summary>Splits one CSV line; an unterminated quote yields what was read (the column count then rejects the line).</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>(7);
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
