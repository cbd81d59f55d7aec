using Microsoft.AspNetCore.Identity;

namespace Seomin.Identity.Api.Data;

/// <summary>A member of staff (직원): the user name is the employee number (사원번호), the <c>sub</c> of their tokens.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Branch or department (지점·부서), the <c>branch</c> claim.</summary>
    public string Branch { get; set; } = "";
}
