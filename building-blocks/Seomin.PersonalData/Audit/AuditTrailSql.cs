using Microsoft.EntityFrameworkCore;

namespace Seomin.PersonalData.Audit;

/// <summary>
/// The SQL that makes <c>audit_log</c> append-only and hash-chained:
/// <list type="bullet">
/// <item>a BEFORE INSERT trigger takes <c>pg_advisory_xact_lock</c> (held to commit, so the chain is
/// linear), assigns the id from the identity sequence under that lock, links <c>prev_hash</c> to the
/// latest row and sets <c>hash = SHA-256(canonical row including prev_hash)</c>; its statements are
/// static (table, sequence and lock key resolved when the triggers are installed), so each session
/// plans them once;</item>
/// <item>BEFORE UPDATE/DELETE and BEFORE TRUNCATE triggers refuse every change.</item>
/// <item>the client (<c>actor_client</c>, added later) is hashed only when set, so older rows still verify.</item>
/// </list>
/// Idempotent: safe to run from a migration and again at start-up.
/// </summary>
public static class AuditTrailSql
{
    public const string DefaultTable = "audit_log";

    /// <summary>The prev_hash of the first row.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The message PostgreSQL raises for a refused UPDATE, DELETE or TRUNCATE contains this.</summary>
    public const string RefusalMessage = "is append-only";

    /// <summary>The SQL creating (or replacing) the functions and triggers on the audit table.</summary>
    /// <param name="schema">Null for the search path's first schema (usually <c>public</c>).</param>
    /// <param name="table">The audit table name.</param>
    public static string CreateTriggers(string? schema = null, string table = DefaultTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var prefix = schema is null ? string.Empty : Quote(schema) + ".";
        var qualifiedTable = QualifiedName(schema, table);
        var field = prefix + Quote(table + "_field");
        var seal = prefix + Quote(table + "_seal");
        var refuse = prefix + Quote(table + "_refuse_change");
        return $"""
            CREATE OR REPLACE FUNCTION {field}(value text) RETURNS text
            LANGUAGE sql IMMUTABLE AS $seomin$
              SELECT CASE WHEN value IS NULL THEN '~;' ELSE octet_length(value)::text || ':' || value || ';' END
            $seomin$;

            -- The seal's statements name the table, its sequence and its lock key as constants (resolved here, once),
            -- so PL/pgSQL plans them once per session instead of EXECUTE re-parsing and re-planning them per row.
            DO $seomin_install$
            DECLARE
              target regclass := to_regclass({Literal(qualifiedTable)});
              sequence_name text := pg_get_serial_sequence({Literal(qualifiedTable)}, 'id');
              lock_key integer;
              table_name text;
            BEGIN
              SELECT hashtext(n.nspname || '.' || c.relname), format('%I.%I', n.nspname, c.relname)
                INTO lock_key, table_name
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target;
              EXECUTE format($seomin_seal$
                CREATE OR REPLACE FUNCTION {seal}() RETURNS trigger
                LANGUAGE plpgsql AS $seomin$
                DECLARE
                  last_hash text;
                BEGIN
                  PERFORM pg_advisory_xact_lock(%s);
                  SELECT hash INTO last_hash FROM %s ORDER BY id DESC LIMIT 1;
                  NEW.id := nextval(%L::regclass);
                  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
                  NEW.hash := encode(sha256(convert_to(
                      {field}(NEW.prev_hash)
                    || {field}(NEW.id::text)
                    || {field}(to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                    || {field}(NEW.actor)
                    || {field}(NEW.actor_type)
                    || {field}(NEW.client_ip)
                    || {field}(NEW.action)
                    || {field}(NEW.subject)
                    || {field}(NEW.resource_type)
                    || {field}(NEW.resource_id)
                    || {field}(NEW.reason)
                    || {field}(NEW.changes::text)
                    || CASE WHEN NEW.actor_client IS NULL THEN '' ELSE {field}(NEW.actor_client) END, 'UTF8')), 'hex');
                  RETURN NEW;
                END
                $seomin$
              $seomin_seal$, lock_key, table_name, sequence_name);
            END
            $seomin_install$;

            CREATE OR REPLACE FUNCTION {refuse}() RETURNS trigger
            LANGUAGE plpgsql AS $seomin$
            BEGIN
              RAISE EXCEPTION 'audit log %.% {RefusalMessage}: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END
            $seomin$;

            DROP TRIGGER IF EXISTS {Quote(table + "_seal")} ON {qualifiedTable};
            CREATE TRIGGER {Quote(table + "_seal")} BEFORE INSERT ON {qualifiedTable}
              FOR EACH ROW EXECUTE FUNCTION {seal}();
            DROP TRIGGER IF EXISTS {Quote(table + "_append_only")} ON {qualifiedTable};
            CREATE TRIGGER {Quote(table + "_append_only")} BEFORE UPDATE OR DELETE ON {qualifiedTable}
              FOR EACH ROW EXECUTE FUNCTION {refuse}();
            DROP TRIGGER IF EXISTS {Quote(table + "_no_truncate")} ON {qualifiedTable};
            CREATE TRIGGER {Quote(table + "_no_truncate")} BEFORE TRUNCATE ON {qualifiedTable}
              FOR EACH STATEMENT EXECUTE FUNCTION {refuse}();
            """;
    }

    /// <summary>
    /// Installs the triggers on the audit table mapped in <paramref name="db"/>'s model: the path for
    /// databases made with EnsureCreated (tests, throwaway development databases).
    /// </summary>
    public static async Task InstallAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (schema, table) = TableOf(db);
        var sql = CreateTriggers(schema, table);
        // No parameters and no braces in the text: EF passes it through unchanged.
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    /// <summary>The schema and name the audit table has in <paramref name="db"/>'s model.</summary>
    internal static (string? Schema, string Table) TableOf(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditLogEntry))
            ?? throw new InvalidOperationException("The DbContext has no audit trail: call modelBuilder.AddAuditTrail().");
        return (entity.GetSchema(), entity.GetTableName() ?? DefaultTable);
    }

    /// <summary>The quoted, schema-qualified table name for SQL text.</summary>
    internal static string QualifiedName(string? schema, string table) =>
        (schema is null ? string.Empty : Quote(schema) + ".") + Quote(table);

    /// <summary>A SQL string literal.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
