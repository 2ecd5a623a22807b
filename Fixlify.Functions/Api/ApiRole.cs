namespace Fixlify.Api;

/// <summary>
/// What a caller may do, from the token's role claim (<see cref="AuthOptions.RoleClaim"/>), each role allowing all that the
/// ones below it allow: a viewer reads; an editor also builds, tests, switches on and off and runs automations; an admin
/// also manages SMS suppressions, settings and erasure; the owner everything. Each route of <see cref="ApiRoutes"/> states
/// the least role it needs.
/// </summary>
internal enum ApiRole
{
    Viewer = 0,
    Editor = 1,
    Admin = 2,
    Owner = 3,
}
