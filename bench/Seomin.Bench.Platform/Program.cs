using Seomin.Bench.Platform;
using Seomin.Bench.Platform.Modes;

// Issue 18 items 2–4: the platform load driver (README in this folder).
try
{
    return args.FirstOrDefault() switch
    {
        "replay" => await ReplayMode.RunAsync(Options.Parse(args[1..])),
        "soak" => await LoadMode.RunAsync(Options.Parse(args[1..]), soak: true),
        "steady" => await LoadMode.RunAsync(Options.Parse(args[1..]), soak: false),
        "snapshot" when args.Length >= 2 => await VerifyMode.SnapshotAsync(Options.Parse(args[2..]), args[1]),
        "verify" when args.Length >= 3 => await VerifyMode.VerifyAsync(Options.Parse(args[3..]), args[1], args[2]),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Seomin.Bench.Platform replay [--year 2020] [--scale 1.0] [--concurrency 12] [--settle 300] [--report <file.md>] [--accepted <file>]
                                            [--quotas raise|keep (raise)] [--quota-per-second 5000] [--quota-per-day 20000000]
               Seomin.Bench.Platform soak   [--minutes 30] [--rate 2] [--concurrency 12] [--report <file.md>]
               Seomin.Bench.Platform steady [--minutes 30] [--rate 2] [--concurrency 12] [--accepted <file>] [--status <file.json>]
               Seomin.Bench.Platform snapshot <before.json>
               Seomin.Bench.Platform verify <before.json> <status.json> --accepted <file> [--settle 300] [--report <file.md>]
        common: [--gateway http://127.0.0.1:8080] [--root <worktree the AppHost runs from>] [--data-dir $SEOMIN_DATA_DIR] [--seed N]
        """);
    return 64;
}
