namespace Seomin.LocalServers;

/// <summary>
/// How to run a local server in the foreground: a program, its arguments, the environment it needs and its folder.
/// The AppHost runs it as an executable resource; the test fixtures run it with <see cref="LocalServerProcess"/>.
/// </summary>
/// <param name="FileName">The program (usually <c>/bin/sh</c> with a wrapper script).</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="WorkingDirectory">The server's root folder.</param>
/// <param name="Environment">Fixed environment; run-time values (ports, passwords) are listed in <paramref name="RequiredVariables"/>.</param>
/// <param name="RequiredVariables">Variables the caller must set: ports and secrets known only when the server starts.</param>
public sealed record ServerCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> RequiredVariables);
