using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Fixlify.Api;
using Fixlify.Hosting;
using Fixlify.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Api;

/// <summary>
/// Who may call what, decided by the route table the same way on both hosts: the standalone host over real HTTP, the
/// Functions host by running its worker middleware as the worker does (the function's context carrying the request's
/// HttpContext, then the function itself) against the same services.
/// </summary>
public sealed class ApiMiddlewareTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    public enum Host
    {
        Standalone,
        Functions,
    }

    /// <summary>A function the route table does not list, as a newly added one whose author forgot the table.</summary>
    const string UnlistedFunction = "ExportOrganizationData";

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.Functions)]
    public async Task ProtectedRoute_WithoutToken_Returns401ProblemDetails_WithToken_Runs(Host host)
    {
        var organization = await CreateOrganizationAsync("Northside Electric");

        var refused = await SendAsync(host, "GET", "/api/me", token: null);
        var served = await SendAsync(host, "GET", "/api/me", app.Token(organization, "user-7"));

        AssertProblem(refused, 401, "no Authorization header");
        Assert.Equal("Bearer", refused.WwwAuthenticate);
        Assert.Equal(200, served.Status);
        Assert.Equal(organization, served.Body.GetProperty("organizationId").GetGuid());
        Assert.Equal("Northside Electric", served.Body.GetProperty("organizationName").GetString());
    }

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.Functions)]
    public async Task AnonymousRoute_WithoutToken_Runs(Host host)
    {
        var health = await SendAsync(host, "GET", "/api/health", token: null);

        Assert.Equal(200, health.Status);
        Assert.Equal("up", health.Body.GetProperty("database").GetString());
    }

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.Functions)]
    public async Task RouteNotInTable_WithoutToken_Returns401_WithToken_404ProblemDetails_AndNeverRuns(Host host)
    {
        var organization = await CreateOrganizationAsync("Eastside Plumbing");

        var anonymous = await SendAsync(host, "GET", "/api/organizations/export", token: null, function: UnlistedFunction);
        var signedIn = await SendAsync(host, "GET", "/api/organizations/export", app.Token(organization), function: UnlistedFunction);

        AssertProblem(anonymous, 401, "no Authorization header");
        AssertProblem(signedIn, 404, "No route GET /api/organizations/export");
        Assert.False(anonymous.FunctionRan);
        Assert.False(signedIn.FunctionRan);
    }

    [Fact]
    public async Task MethodNotInTable_Standalone_Returns401_WithToken_404ProblemDetails()
    {
        var organization = await CreateOrganizationAsync("Westside Roofing");

        var anonymous = await SendAsync(Host.Standalone, "DELETE", "/api/me", token: null);
        var signedIn = await SendAsync(Host.Standalone, "DELETE", "/api/me", app.Token(organization));

        AssertProblem(anonymous, 401, "no Authorization header");
        AssertProblem(signedIn, 404, "No route DELETE /api/me");
    }

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.Functions)]
    public async Task ListedRoute_UnknownQueryParameter_Returns400NamingIt(Host host)
    {
        var organization = await CreateOrganizationAsync("Southside HVAC");

        var answer = await SendAsync(host, "GET", "/api/workflows?colour=blue", app.Token(organization));

        AssertProblem(answer, 400, "Unknown query parameter 'colour'");
        Assert.Equal("colour", answer.Body.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task FunctionThrows_Functions_Returns500ProblemDetails()
    {
        var answer = await SendAsync(Host.Functions, "GET", "/api/health", token: null, run: _ => throw new InvalidOperationException("the function failed"));

        AssertProblem(answer, 500, "trace id");
        Assert.DoesNotContain("the function failed", answer.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonHttpFunction_Functions_RunsWithoutAToken()
    {
        var ran = false;
        var middleware = new FunctionsApiMiddleware(app.Services.GetRequiredService<ApiMiddleware>());

        await middleware.Invoke(new WorkerFunctionContext("SchedulerTick", http: null, app.Services), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
    }

    /// <summary>Every route of the table that needs a token, with each role, on each host: the generated role check.</summary>
    public static TheoryData<Host, string, string> RoutesByRole()
    {
        var data = new TheoryData<Host, string, string>();
        foreach (var host in Enum.GetValues<Host>())
        {
            foreach (var route in ApiRoutes.All.Where(r => !r.Anonymous))
            {
                foreach (var role in ApiRoles.Names)
                {
                    data.Add(host, route.Name, role);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Each route with a token of each role: 403 exactly when the role is below the route's, on both hosts. An answer other
    /// than 403 (200, or 400/404/409/412 for the made-up id and empty body) shows the request was not refused for the role;
    /// on the Functions host the function itself stands in, so the middleware alone decides.
    /// </summary>
    [Theory]
    [MemberData(nameof(RoutesByRole))]
    public async Task Route_EachRole_Is403ExactlyWhenTheRoleIsBelowTheRoutes(Host host, string routeName, string roleName)
    {
        var route = ApiRoutes.Named(routeName)!;
        var role = ApiRoles.Parse(roleName)!.Value;
        var organization = await SharedOrganizationAsync();
        var path = "/api/" + System.Text.RegularExpressions.Regex.Replace(route.Template, "{[a-zA-Z]+}", Guid.NewGuid().ToString());

        var answer = host == Host.Standalone
            ? await SendOverHttpAsync(route.Method, path, app.Token(organization, "role-test", role: roleName), stream: route.ContentType is not null)
            : await RunFunctionAsync(route.Name, route.Method, path, app.Token(organization, "role-test", role: roleName), _ => Task.FromResult(Results.Ok(new { ran = true })));

        if (role < route.Role)
        {
            AssertProblem(answer, 403, $"You are signed in as {(role == ApiRole.Admin || role == ApiRole.Editor ? "an" : "a")} {roleName}.");
            Assert.Contains(ApiRoles.WhoMay(route.Role), answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(answer.FunctionRan);
        }
        else
        {
            Assert.NotEqual(403, answer.Status);
            Assert.NotEqual(401, answer.Status);
        }
    }

    [Theory]
    [InlineData(Host.Standalone)]
    [InlineData(Host.Functions)]
    public async Task AddSmsSuppression_AsEditor_Is403SayingWhoMay(Host host)
    {
        var organization = await SharedOrganizationAsync();

        var answer = await SendAsync(host, "POST", "/api/sms/suppressions", app.Token(organization, "editor-1", role: "editor"), run: _ => Task.FromResult(Results.Ok()));

        AssertProblem(answer, 403, "Only an admin or the owner can change SMS suppressions. You are signed in as an editor.");
    }

    [Fact]
    public async Task Caller_TokenWithoutRoleClaim_IsTheOwner_WithRole_IsThatRole()
    {
        var organization = await SharedOrganizationAsync();

        var unroled = await SendAsync(Host.Standalone, "GET", "/api/me", app.Token(organization, "old-token"));
        var viewer = await SendAsync(Host.Standalone, "GET", "/api/me", app.Token(organization, "val", name: "Val Jones", role: "viewer"));

        Assert.Equal("owner", unroled.Body.GetProperty("role").GetString());
        Assert.Equal(("viewer", "Val Jones"), (viewer.Body.GetProperty("role").GetString(), viewer.Body.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ProtectedRoute_TokenWithAnUnknownRole_Is401NamingTheClaim()
    {
        var organization = await SharedOrganizationAsync();
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = StandaloneApp.Issuer,
            Audience = StandaloneApp.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["org_id"] = organization.ToString(), ["role"] = "superuser" },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(BearerTokenValidator.SigningKeyOf(app.Auth), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

        var answer = await SendAsync(Host.Standalone, "GET", "/api/me", token);

        AssertProblem(answer, 401, "claim 'role'");
    }

    /// <summary>One organization for the role checks (xunit makes an instance per test; the class's database lives as long as this).</summary>
    static Guid? _shared;

    async Task<Guid> SharedOrganizationAsync() => _shared ??= await CreateOrganizationAsync("Roles " + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>What a caller sees: the status, the WWW-Authenticate scheme, the JSON body, and (Functions) whether the function ran.</summary>
    public sealed record Answer(int Status, string? WwwAuthenticate, string? MediaType, JsonElement Body, bool FunctionRan);

    static void AssertProblem(Answer answer, int status, string detail)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(status, answer.Body.GetProperty("status").GetInt32());
        Assert.Contains(detail, answer.Body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <param name="function">The Functions host's function for the request: by default the route table's entry for that method and path.</param>
    /// <param name="run">Stands in for the function's body (default: the app's function of that name; an unlisted one answers 200).</param>
    Task<Answer> SendAsync(Host host, string method, string pathAndQuery, string? token, string? function = null, Func<HttpRequest, Task<IResult>>? run = null) =>
        host == Host.Standalone
            ? SendOverHttpAsync(method, pathAndQuery, token)
            : RunFunctionAsync(function ?? RouteOf(method, pathAndQuery).Name, method, pathAndQuery, token, run);

    async Task<Answer> SendOverHttpAsync(string method, string pathAndQuery, string? token, bool stream = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (stream)
        {
            // A live stream never ends: its status and headers are the answer.
            using var streaming = await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return new Answer((int)streaming.StatusCode, null, streaming.Content.Headers.ContentType?.MediaType, default, FunctionRan: false);
        }

        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(
            (int)response.StatusCode,
            response.Headers.WwwAuthenticate.SingleOrDefault()?.Scheme,
            response.Content.Headers.ContentType?.MediaType,
            Json(text),
            FunctionRan: false);
    }

    async Task<Answer> RunFunctionAsync(string name, string method, string pathAndQuery, string? token, Func<HttpRequest, Task<IResult>>? run)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = method;
        http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        using var body = new MemoryStream();
        http.Response.Body = body;
        var ran = false;
        run ??= name == UnlistedFunction ? _ => Task.FromResult(Results.Ok(new { exported = true })) : AppFunction(name, scope.ServiceProvider);
        var middleware = new FunctionsApiMiddleware(app.Services.GetRequiredService<ApiMiddleware>());

        await middleware.Invoke(new WorkerFunctionContext(name, http, scope.ServiceProvider), async _ =>
        {
            ran = true;
            await (await run(http.Request)).ExecuteAsync(http);
        });

        var headers = http.Response.Headers.WWWAuthenticate.ToString();
        return new Answer(
            http.Response.StatusCode,
            headers.Length == 0 ? null : headers.Split(' ')[0],
            http.Response.ContentType?.Split(';')[0],
            Json(System.Text.Encoding.UTF8.GetString(body.ToArray())),
            ran);
    }

    static ApiRoute RouteOf(string method, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        return ApiRoutes.All.Single(r => r.Method == method && r.Path == path);
    }

    /// <summary>The app's function named <paramref name="name"/> (one taking only the request), made as the worker makes it.</summary>
    static Func<HttpRequest, Task<IResult>> AppFunction(string name, IServiceProvider services)
    {
        var method = typeof(FunctionsApiMiddleware).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name);
        var instance = ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        return request => (Task<IResult>)method.Invoke(instance, [request])!;
    }

    static JsonElement Json(string text) => text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();

    async Task<Guid> CreateOrganizationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.OrganizationAsync(connection, name);
    }

    /// <summary>The parts of a function invocation's context the middleware reads: its function's name and, for HTTP, the request.</summary>
    sealed class WorkerFunctionContext : FunctionContext
    {
        public WorkerFunctionContext(string name, HttpContext? http, IServiceProvider services)
        {
            FunctionDefinition = new Definition(name);
            InstanceServices = services;
            if (http is not null)
            {
                // Where the ASP.NET Core integration puts the request (FunctionContext.GetHttpContext reads it).
                Items["HttpRequestContext"] = http;
            }
        }

        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => FunctionDefinition.Id;

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; }

        public override FunctionDefinition FunctionDefinition { get; }

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();

        public override CancellationToken CancellationToken => CancellationToken.None;
    }

    sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(FunctionsApiMiddleware).Assembly.Location;

        public override string EntryPoint => name;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
