namespace Seomin.AppHost.Dashboard.Ui;

/// <summary>The dashboard page, its login page, script and styles, kept in the assembly (no npm, no wwwroot).</summary>
internal static partial class DashboardAssets
{
    public const string IndexHtml = """
        <!DOCTYPE html>
        <html lang="ko">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Seomin 운영 대시보드</title>
          <link rel="stylesheet" href="/dashboard/app.css">
        </head>
        <body>
          <header class="top">
            <a class="brand" href="#/resources">Seomin <span data-i18n="brand">운영 대시보드</span></a>
            <nav id="nav">
              <a href="#/resources" data-page="resources" data-i18n="nav.resources">리소스</a>
              <a href="#/console" data-page="console" data-i18n="nav.console">콘솔 로그</a>
              <a href="#/logs" data-page="logs" data-i18n="nav.logs">구조화 로그</a>
              <a href="#/traces" data-page="traces" data-i18n="nav.traces">트레이스</a>
              <a href="#/metrics" data-page="metrics" data-i18n="nav.metrics">메트릭</a>
              <a href="#/messaging" data-page="messaging" data-i18n="nav.messaging">메시징</a>
            </nav>
            <button id="lang" type="button" title="Language">English</button>
          </header>
          <main id="main" aria-live="polite"></main>
          <script src="/dashboard/app.js"></script>
        </body>
        </html>
        """;

    /// <summary>The token form shown when the dashboard is bound to a non-loopback address.</summary>
    public static string LoginHtml(bool failed) => $"""
        <!DOCTYPE html>
        <html lang="ko">
        <head>
          <meta charset="utf-8">
          <title>Seomin 대시보드 로그인</title>
          <link rel="stylesheet" href="/dashboard/app.css">
        </head>
        <body class="login">
          <form method="post" action="/login" class="login-box">
            <h1>Seomin 운영 대시보드</h1>
            <p>AppHost가 시작할 때 출력한 브라우저 토큰을 입력하세요.<br><small>Enter the browser token the AppHost printed at start.</small></p>
            {(failed ? "<p class=\"error\" role=\"alert\">토큰이 올바르지 않습니다. / Invalid token.</p>" : string.Empty)}
            <label for="token">토큰 / Token</label>
            <input id="token" name="token" type="password" autocomplete="off" autofocus required>
            <button type="submit">로그인 / Sign in</button>
          </form>
        </body>
        </html>
        """;
}
