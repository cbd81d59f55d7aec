using Microsoft.AspNetCore.Identity;
using Seomin.Access;
using Seomin.Identity.Api.Data;

namespace Seomin.Identity.Api.Features.People;

/// <summary>
/// Staff seeded in Development only, one per role, listed in services/Identity/README.md with their password and the
/// administrator's authenticator key: public knowledge, never seeded outside Development.
/// </summary>
public static class DevelopmentUsers
{
    public const string Password = "Seomin!Dev2026";

    /// <summary>The development administrator's authenticator key (base32), so a test or a phone app can compute the code.</summary>
    public const string AdministratorAuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public sealed record Seed(string EmployeeNumber, string Name, string Branch, string Role, string? ExtraRole = null);

    public static IReadOnlyList<Seed> All { get; } =
    [
        new("S1001", "김보증", "서울중앙지점", StaffRoles.GuaranteeOfficer),
        new("S1002", "이구상", "채권관리부", StaffRoles.RecourseOfficer),
        new("S1003", "박출연", "출연금관리부", StaffRoles.ContributionsOfficer),
        new("S1004", "최휴면", "휴면자산부", StaffRoles.DormantAssetOfficer),
        new("S1005", "정상담", "1397 상담센터", StaffRoles.Counselor),
        new("S1006", "강감사", "감사실", StaffRoles.Auditor),
        new("S1007", "조관리", "정보보호팀", StaffRoles.Administrator),
        new("S1008", "윤운영", "IT운영팀", StaffRoles.Operator),
        new("S1009", "한감독", "1397 상담센터", StaffRoles.Counselor, StaffRoles.CounselingSupervisor),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        foreach (var seed in All)
        {
            if (await users.FindByNameAsync(seed.EmployeeNumber) is not null)
            {
                continue;
            }

            var user = new StaffUser { UserName = seed.EmployeeNumber, DisplayName = seed.Name, Branch = seed.Branch };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, seed.Role));
            if (seed.ExtraRole is { } extra)
            {
                Check(await users.AddToRoleAsync(user, extra));
            }
            if (seed.Role == StaffRoles.Administrator)
            {
                var store = (IUserAuthenticatorKeyStore<StaffUser>)services.GetRequiredService<IUserStore<StaffUser>>();
                await store.SetAuthenticatorKeyAsync(user, AdministratorAuthenticatorKey, cancellationToken);
                Check(await users.UpdateAsync(user));
                Check(await users.SetTwoFactorEnabledAsync(user, true));
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding a development user failed: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
