namespace MatchApi.Demo;

public static class DemoData
{
    public static Task EnsureAsync(WebApplication app) => Task.CompletedTask;
}
