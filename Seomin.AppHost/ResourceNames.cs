namespace Seomin.AppHost;

/// <summary>Names of the resources in the Seomin application model, shared by the AppHost and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string GuaranteeDb = "guaranteedb";
    public const string SubrogationDb = "subrogationdb";
    public const string ContributionsDb = "contributionsdb";
    public const string DormantDb = "dormantdb";
    public const string CounselingDb = "counselingdb";
    public const string GatewayDb = "gatewaydb";
    public const string Messaging = "messaging";
    public const string Guarantee = "guarantee";
    public const string Counseling = "counseling";
    public const string Gateway = "gateway";
}
