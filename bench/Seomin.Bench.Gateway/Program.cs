using Seomin.Bench.Gateway;

return args.FirstOrDefault() switch
{
    "backend" => Servers.RunBackend(args[1]),
    "yarp" => Servers.RunBareYarp(args[1], args[2]),
    "run" => await Runner.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Seomin.Bench.Gateway run --gateway <Seomin.Gateway.dll> [--duration 15] [--warmup 30] [--connections 32] [--rounds 2] [--report <file.md>] [--local-quotas] [--hold <env file>]
               Seomin.Bench.Gateway backend <url>
               Seomin.Bench.Gateway yarp <url> <backend url>
        """);
    return 2;
}
