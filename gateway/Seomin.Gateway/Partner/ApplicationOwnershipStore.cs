using Npgsql;

namespace Seomin.Gateway.Partner;

/// <summary>Which partner created which guarantee application, so a partner reads only its own.</summary>
public sealed class ApplicationOwnershipStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task RecordAsync(string applicationId, string partnerCode, string clientId, string tranId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO partner_applications (application_id, partner_code, client_id, tran_id, created_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(applicationId);
        command.Parameters.AddWithValue(partnerCode);
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(tranId);
        command.Parameters.AddWithValue(timeProvider.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsOwnedByAsync(string applicationId, string partnerCode, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT 1 FROM partner_applications WHERE application_id = $1 AND partner_code = $2");
        command.Parameters.AddWithValue(applicationId);
        command.Parameters.AddWithValue(partnerCode);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
