using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerFundCapacitySubrogationAdditionalFee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The single-pool balance had no fund and its sequence is not a fund's: it is dropped, and each fund uses its
            // configured constant until its first GuaranteeFundBalanceChanged arrives (docs/adr/0005).
            migrationBuilder.Sql("DELETE FROM guarantee.fund_balance;");

            migrationBuilder.DropPrimaryKey(
                name: "pk_fund_balance",
                schema: "guarantee",
                table: "fund_balance");

            migrationBuilder.DropColumn(
                name: "id",
                schema: "guarantee",
                table: "fund_balance");

            migrationBuilder.RenameTable(
                name: "fund_balance",
                schema: "guarantee",
                newName: "fund_balances",
                newSchema: "guarantee");

            migrationBuilder.AddColumn<decimal>(
                name: "additional_fee_rate",
                schema: "guarantee",
                table: "product_versions",
                type: "numeric(9,6)",
                precision: 9,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fund_code",
                schema: "guarantee",
                table: "product_versions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "additional_fee_accrued_through",
                schema: "guarantee",
                table: "guarantees",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "additional_fee_rate",
                schema: "guarantee",
                table: "guarantees",
                type: "numeric(9,6)",
                precision: 9,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "additional_fee_won_days",
                schema: "guarantee",
                table: "guarantees",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                schema: "guarantee",
                table: "guarantees",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fund_code",
                schema: "guarantee",
                table: "guarantees",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "branch_code",
                schema: "guarantee",
                table: "applications",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fund_code",
                schema: "guarantee",
                table: "fund_balances",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "pk_fund_balances",
                schema: "guarantee",
                table: "fund_balances",
                column: "fund_code");

            migrationBuilder.CreateIndex(
                name: "ix_guarantees_approved_on_guaranteed_amount",
                schema: "guarantee",
                table: "guarantees",
                columns: new[] { "approved_on", "guaranteed_amount" });

            // Backfill: every product belongs to a guarantor fund (Seomin.Contracts.Contributions.FundCodes) — Incheon
            // programmes to the foundation's base capital, 자활지원계정 products to that account, the 햇살론 family to
            // 서민금융보완계정; each guarantee takes its product's fund.
            migrationBuilder.Sql("""
                UPDATE guarantee.product_versions SET fund_code = CASE
                    WHEN code LIKE 'INCHEON\_%' THEN 'INCHEON-BASE'
                    WHEN account = 'SelfSufficiencyAccount' THEN 'KINFA-SELF-SUFFICIENCY'
                    ELSE 'KINFA-SUPPLEMENTARY' END;
                UPDATE guarantee.guarantees g SET fund_code = COALESCE(
                    (SELECT p.fund_code FROM guarantee.product_versions p WHERE p.code = g.product_code AND p.version = g.product_version),
                    CASE WHEN g.product_code LIKE 'INCHEON\_%' THEN 'INCHEON-BASE' ELSE 'KINFA-SUPPLEMENTARY' END);
                ALTER TABLE guarantee.product_versions ALTER COLUMN fund_code DROP DEFAULT;
                ALTER TABLE guarantee.guarantees ALTER COLUMN fund_code DROP DEFAULT;
                ALTER TABLE guarantee.fund_balances ALTER COLUMN fund_code DROP DEFAULT;
                """);

            // The capacity ledger becomes one row per fund; the trigger moves and checks the guarantee's own fund only.
            // A subrogated guarantee (status Subrogated) contributes 0, like a terminated one: its capacity is released.
            migrationBuilder.Sql("""
                DROP TRIGGER guarantees_track_capacity ON guarantee.guarantees;
                DROP FUNCTION guarantee.recompute_capacity();
                DROP FUNCTION guarantee.track_capacity();
                DROP TABLE guarantee.capacity;

                CREATE TABLE guarantee.fund_capacity (
                    fund_code varchar(40) PRIMARY KEY,
                    outstanding_guaranteed bigint NOT NULL,
                    fund_balance bigint NOT NULL,
                    limit_guaranteed bigint NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now());

                CREATE FUNCTION guarantee.track_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    old_part bigint := 0;
                    new_part bigint := 0;
                    total bigint;
                    lim bigint;
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        old_part := guarantee.guaranteed_contribution(OLD.status, OLD.guaranteed_amount, OLD.loan_balance, OLD.guarantee_ratio);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        new_part := guarantee.guaranteed_contribution(NEW.status, NEW.guaranteed_amount, NEW.loan_balance, NEW.guarantee_ratio);
                    END IF;
                    IF TG_OP = 'UPDATE' AND OLD.fund_code IS DISTINCT FROM NEW.fund_code THEN
                        UPDATE guarantee.fund_capacity SET outstanding_guaranteed = outstanding_guaranteed - old_part, updated_at = now()
                            WHERE fund_code = OLD.fund_code;
                        old_part := 0;
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE guarantee.fund_capacity SET outstanding_guaranteed = outstanding_guaranteed - old_part, updated_at = now()
                            WHERE fund_code = OLD.fund_code;
                        RETURN NULL;
                    END IF;
                    IF new_part - old_part = 0 THEN
                        RETURN NULL;
                    END IF;
                    UPDATE guarantee.fund_capacity SET outstanding_guaranteed = outstanding_guaranteed + (new_part - old_part), updated_at = now()
                        WHERE fund_code = NEW.fund_code RETURNING outstanding_guaranteed, limit_guaranteed INTO total, lim;
                    IF NOT FOUND THEN
                        -- A fund without a ledger row has no capacity configured: nothing may be guaranteed from it.
                        INSERT INTO guarantee.fund_capacity (fund_code, outstanding_guaranteed, fund_balance, limit_guaranteed)
                            VALUES (NEW.fund_code, new_part - old_part, 0, 0) RETURNING outstanding_guaranteed, limit_guaranteed INTO total, lim;
                    END IF;
                    IF TG_OP = 'INSERT' AND new_part > 0 AND total > lim THEN
                        RAISE EXCEPTION 'capacity of fund %: outstanding after approval % would exceed the limit %', NEW.fund_code, total, lim
                            USING ERRCODE = 'SGC01', DETAIL = format('%s;%s;%s;%s', NEW.fund_code, total - new_part, new_part, lim);
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER guarantees_track_capacity AFTER INSERT OR UPDATE OR DELETE ON guarantee.guarantees
                    FOR EACH ROW EXECUTE FUNCTION guarantee.track_capacity();

                -- Recomputes every fund's ledger row from the guarantees; the rows are locked first, in their own statement.
                CREATE FUNCTION guarantee.recompute_capacity() RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE
                    total bigint;
                BEGIN
                    PERFORM 1 FROM guarantee.fund_capacity FOR UPDATE;
                    UPDATE guarantee.fund_capacity c SET outstanding_guaranteed = COALESCE((
                        SELECT SUM(guarantee.guaranteed_contribution(g.status, g.guaranteed_amount, g.loan_balance, g.guarantee_ratio))
                        FROM guarantee.guarantees g WHERE g.fund_code = c.fund_code), 0)::bigint, updated_at = now();
                    SELECT COALESCE(SUM(outstanding_guaranteed), 0)::bigint INTO total FROM guarantee.fund_capacity;
                    RETURN total;
                END
                $$;

                -- Balances and limits are set by the service at start-up (per-fund configuration × projection) and by each fund's event.
                INSERT INTO guarantee.fund_capacity (fund_code, outstanding_guaranteed, fund_balance, limit_guaranteed)
                    VALUES ('KINFA-SUPPLEMENTARY', 0, 0, 0), ('KINFA-SELF-SUFFICIENCY', 0, 0, 0), ('INCHEON-BASE', 0, 0, 0);
                INSERT INTO guarantee.fund_capacity (fund_code, outstanding_guaranteed, fund_balance, limit_guaranteed)
                    SELECT DISTINCT fund_code, 0, 0, 0 FROM guarantee.guarantees ON CONFLICT (fund_code) DO NOTHING;
                SELECT guarantee.recompute_capacity();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one pool: the old single-row ledger, its trigger, recomputed over every guarantee.
            migrationBuilder.Sql("""
                DROP TRIGGER guarantees_track_capacity ON guarantee.guarantees;
                DROP FUNCTION guarantee.recompute_capacity();
                DROP FUNCTION guarantee.track_capacity();
                DROP TABLE guarantee.fund_capacity;
                CREATE TABLE guarantee.capacity (
                    id integer PRIMARY KEY CHECK (id = 1),
                    outstanding_guaranteed bigint NOT NULL,
                    fund_balance bigint NOT NULL,
                    limit_guaranteed bigint NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now());
                CREATE FUNCTION guarantee.track_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    delta bigint := 0;
                    total bigint;
                    lim bigint;
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        delta := delta - guarantee.guaranteed_contribution(OLD.status, OLD.guaranteed_amount, OLD.loan_balance, OLD.guarantee_ratio);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        delta := delta + guarantee.guaranteed_contribution(NEW.status, NEW.guaranteed_amount, NEW.loan_balance, NEW.guarantee_ratio);
                    END IF;
                    IF delta = 0 THEN
                        RETURN NULL;
                    END IF;
                    UPDATE guarantee.capacity SET outstanding_guaranteed = outstanding_guaranteed + delta, updated_at = now()
                        WHERE id = 1 RETURNING outstanding_guaranteed, limit_guaranteed INTO total, lim;
                    IF TG_OP = 'INSERT' AND delta > 0 AND total > lim THEN
                        RAISE EXCEPTION 'capacity: outstanding after approval % would exceed the limit %', total, lim
                            USING ERRCODE = 'SGC01', DETAIL = format('%s;%s;%s', total - delta, delta, lim);
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER guarantees_track_capacity AFTER INSERT OR UPDATE OR DELETE ON guarantee.guarantees
                    FOR EACH ROW EXECUTE FUNCTION guarantee.track_capacity();
                CREATE FUNCTION guarantee.recompute_capacity() RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE
                    total bigint;
                BEGIN
                    PERFORM 1 FROM guarantee.capacity WHERE id = 1 FOR UPDATE;
                    SELECT COALESCE(SUM(guarantee.guaranteed_contribution(status, guaranteed_amount, loan_balance, guarantee_ratio)), 0)::bigint
                        INTO total FROM guarantee.guarantees;
                    UPDATE guarantee.capacity SET outstanding_guaranteed = total, updated_at = now() WHERE id = 1;
                    RETURN total;
                END
                $$;
                INSERT INTO guarantee.capacity (id, outstanding_guaranteed, fund_balance, limit_guaranteed) VALUES (1, 0, 0, 0);
                SELECT guarantee.recompute_capacity();
                DELETE FROM guarantee.fund_balances;
                """);

            migrationBuilder.DropIndex(
                name: "ix_guarantees_approved_on_guaranteed_amount",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropPrimaryKey(
                name: "pk_fund_balances",
                schema: "guarantee",
                table: "fund_balances");

            migrationBuilder.DropColumn(
                name: "additional_fee_rate",
                schema: "guarantee",
                table: "product_versions");

            migrationBuilder.DropColumn(
                name: "fund_code",
                schema: "guarantee",
                table: "product_versions");

            migrationBuilder.DropColumn(
                name: "additional_fee_accrued_through",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropColumn(
                name: "additional_fee_rate",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropColumn(
                name: "additional_fee_won_days",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropColumn(
                name: "branch_code",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropColumn(
                name: "fund_code",
                schema: "guarantee",
                table: "guarantees");

            migrationBuilder.DropColumn(
                name: "branch_code",
                schema: "guarantee",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "fund_code",
                schema: "guarantee",
                table: "fund_balances");

            migrationBuilder.RenameTable(
                name: "fund_balances",
                schema: "guarantee",
                newName: "fund_balance",
                newSchema: "guarantee");

            migrationBuilder.AddColumn<int>(
                name: "id",
                schema: "guarantee",
                table: "fund_balance",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_fund_balance",
                schema: "guarantee",
                table: "fund_balance",
                column: "id");
        }
    }
}
