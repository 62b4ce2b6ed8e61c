package dev.eventscheduler.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.json.EventJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless chromium, through its chromedriver) against
 * the standalone stack: a schedule made through the form, its runs arriving live, a pause that
 * stops them, a delete. Screenshots land in {@code target/screenshots}. Runs where the browser is
 * installed ({@code .ci/run} installs it).
 */
@EnabledIf("browserInstalled")
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Test
    void createsAScheduleInTheFormSeesItsRunsLivePausesAndDeletesIt(@TempDir Path data) throws IOException {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                wait.until(b -> text(b, "health").startsWith("UP"));
                assertThat(script(browser, "return getComputedStyle(document.getElementById('f-id')).outlineStyle"))
                        .as("the empty Id is not marked before anything is typed").isEqualTo("none");

                type(browser, "f-id", "browser-tick");
                type(browser, "f-type", "noop");
                new Select(browser.findElement(By.id("f-kind"))).selectByValue("cron");
                type(browser, "f-cron", "nope");
                wait.until(b -> text(b, "form-feedback").contains("trigger.cron"));
                type(browser, "f-cron", "* * * * * ?");
                wait.until(b -> text(b, "form-feedback").startsWith("Next fire times"));
                screenshot(browser, "1-form-preview");

                browser.findElement(By.id("save")).click();
                wait.until(b -> text(b, "form-feedback").equals("Saved browser-tick."));
                wait.until(b -> !b.findElements(By.cssSelector("#schedule-rows tr[data-id='browser-tick']")).isEmpty());
                wait.until(b -> succeededRuns(b).size() >= 3);
                // the states, their colours and tones come from GET /api/run-states, not from the page; the
                // overview's charts (uPlot) have a legend with every state, and axes with their units
                wait.until(b -> b.findElements(By.cssSelector("#runs-chart .u-legend .u-series")).size() == RunState.values().length + 1);
                assertThat(browser.findElement(By.cssSelector("#runs-chart .u-legend")).getText()).contains("SUCCEEDED", "FAILED");
                // uPlot draws its axes on a canvas: their labels are read from the charts
                Object zone = script(browser, "return Intl.DateTimeFormat().resolvedOptions().timeZone");
                assertThat(script(browser, "return [runsPlot.axes[0].label, runsPlot.axes[1].label, lagPlot.axes[1].label]"))
                        .asList().containsExactly("time (" + zone + ")", "runs per minute", "fire lag, ms");
                script(browser, "window.scrollTo(0, 0)");
                screenshot(browser, "0-overview");
                assertThat(browser.findElement(By.cssSelector("#run-rows td.tone-ok")).getText()).isEqualTo("SUCCEEDED");
                assertThat(browser.findElement(By.cssSelector("#schedule-rows tr[data-id='browser-tick'] td:nth-child(4)")).getText())
                        .as("its next fire on its own clock, the zone named").endsWith(" UTC");
                ((JavascriptExecutor) browser).executeScript("document.getElementById('runs').scrollIntoView()");
                screenshot(browser, "2-runs-live");

                // a run's detail opens below the table: it is brought into view
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                click(wait, "#run-rows tr td"); // the rows are drawn anew as runs stream in
                wait.until(b -> b.findElement(By.id("run-detail")).isDisplayed());
                wait.until(b -> (Boolean) script(b, "const r = document.getElementById('run-detail').getBoundingClientRect();"
                        + " return r.top >= 0 && r.top < window.innerHeight;"));

                click(wait, "button[aria-label='Pause browser-tick']");
                browser.switchTo().alert().sendKeys("load test of the billing system");
                browser.switchTo().alert().accept();
                wait.until(b -> b.findElement(By.cssSelector("#schedule-rows tr[data-id='browser-tick']")).getText()
                        .contains(": load test of the billing system]"));
                sleep(1_500); // a fire already committed when the pause was written still arrives
                Set<String> beforeQuiet = firedRuns(browser);
                sleep(3_000); // fires stopping is an absence: it can only be watched for a while
                assertThat(firedRuns(browser)).as("runs while paused").isEqualTo(beforeQuiet);
                screenshot(browser, "3-paused");

                // with nothing running, the executor's last result shown is the newest of its results, and the
                // lag shown is the server's, over every fire of the hour
                @SuppressWarnings("unchecked")
                List<Object> shown = (List<Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                        + " refreshOverview().then(() => Promise.all([api('/api/runs?limit=500'), api('/api/overview')]))"
                        + " .then(([body, overview]) => done(["
                        + "   document.querySelector('#executors time').dateTime,"
                        + "   body.runs.filter((r) => r.finishedAt && r.executorId && !r.executorId.startsWith('scheduler:'))"
                        + "     .map((r) => r.finishedAt).sort((a, b) => Date.parse(b) - Date.parse(a))[0],"
                        + "   document.getElementById('lag-summary').textContent, overview.lag.fires,"
                        + "   body.runs.filter((r) => r.firedAt && r.scheduledAt).length]));");
                assertThat(Instant.parse((String) shown.get(0))).as("last result").isEqualTo(Instant.parse((String) shown.get(1)));
                assertThat((String) shown.get(2)).endsWith(" over " + shown.get(3) + " fires");
                assertThat(((Number) shown.get(3)).longValue()).as("every fire of the hour").isEqualTo(((Number) shown.get(4)).longValue());

                click(wait, "button[aria-label='Delete browser-tick']");
                browser.switchTo().alert().accept();
                wait.until(b -> b.findElements(By.cssSelector("#schedule-rows tr[data-id='browser-tick']")).isEmpty());
                screenshot(browser, "4-deleted");

                // the invalid cron typed on purpose is answered 400 by the preview: the browser logs that, by design
                List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                        .filter(entry -> !entry.getMessage().contains("/api/schedules/preview - Failed to load resource: "
                                + "the server responded with a status of 400"))
                        .toList();
                assertThat(severe).as("console errors").isEmpty();
            });
        }
    }

    @Test
    void pagesAndFiltersTheSchedulesFindsTheFailingOneAndListsARecordThatIsNoSchedule(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            for (int i = 0; i < 105; i++) {
                // page-050 sleeps without saying how long: its runs fail
                HttpResponse<String> put = send(stack, "PUT", String.format("/api/schedules/page-%03d", i),
                        "{\"taskType\": \"" + (i == 50 ? "sleep" : "noop") + "\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}");
                assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            }
            assertThat(send(stack, "POST", "/api/schedules/page-050/trigger", null).statusCode()).isEqualTo(202);
            // any producer can write the schedules topic: a record that is no schedule at all
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                    "bootstrap.servers", stack.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("scheduler.schedules", "zz-broken", "not json")).get();
            }
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                wait.until(b -> text(b, "s-page").equals("1–100 of 106"));
                assertThat(browser.findElements(By.cssSelector("#schedule-rows tr"))).as("one page is drawn").hasSize(100);

                browser.findElement(By.id("s-next")).click();
                wait.until(b -> text(b, "s-page").equals("101–106 of 106"));
                wait.until(b -> b.findElement(By.cssSelector("#schedule-rows tr[data-id='zz-broken']")).getText()
                        .contains("[INVALID]"));
                screenshot(browser, "9-second-page");

                type(browser, "s-prefix", "page-01");
                browser.findElement(By.cssSelector("#schedule-filters button[type='submit']")).click();
                wait.until(b -> text(b, "s-page").equals("1–10 of 10"));
                assertThat(browser.findElements(By.cssSelector("#schedule-rows tr"))).hasSize(10);

                // the failing one among them all, by its last run
                type(browser, "s-prefix", "");
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("s-last"))).selectByValue("FAILED,TIMED_OUT,DEAD_LETTERED");
                browser.findElement(By.cssSelector("#schedule-filters button[type='submit']")).click();
                wait.until(b -> text(b, "s-page").equals("1–1 of 1"));
                wait.until(b -> b.findElement(By.cssSelector("#schedule-rows tr[data-id='page-050']")).isDisplayed());
            });
        }
    }

    /**
     * Issue 41's scale: with 10,000 schedules, how long the page takes to draw its first page of them
     * (in a cold browser, and on a reload) and to refresh the list, reported exactly in the log and
     * asserted loosely (3 s), as a shared CI machine's pauses are not the page's. Issue 41 asks for
     * under a second each.
     */
    @Test
    void drawsTheFirstPageOfTenThousandSchedulesAndRefreshesItQuickly(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            var definitions = new dev.eventscheduler.model.kafka.ScheduleDefinitionSerializer();
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(java.util.Map.of(
                    "bootstrap.servers", stack.bootstrapServers(), "linger.ms", 20), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (int i = 0; i < 10_000; i++) {
                    String id = String.format("bulk-%05d", i);
                    producer.send(definitions.record("scheduler.schedules", null, id, dev.eventscheduler.model.ScheduleDefinition
                            .builder(id, "noop").cron("0 0 * * * ?").label("team", "t" + i % 7).build()));
                }
                producer.flush();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    EventJson.mapper().readTree(send(stack, "GET", "/api/schedules?limit=1", null).body()).path("total").asInt() == 10_000);
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                long firstRenderMs = firstPageDrawnMs(browser);
                browser.navigate().refresh();
                long reloadMs = firstPageDrawnMs(browser);
                Number refreshMs = (Number) ((JavascriptExecutor) browser).executeAsyncScript(
                        "const done = arguments[arguments.length - 1]; const t = performance.now();"
                        + " refreshSchedules().then(() => done(performance.now() - t));");
                System.out.printf("10,000 schedules: first render %d ms after the navigation began (a cold browser: page, scripts,"
                        + " API, 100 rows), %d ms on a reload, the list's refresh %.0f ms%n", firstRenderMs, reloadMs, refreshMs.doubleValue());
                assertThat(browser.findElements(By.cssSelector("#schedule-rows tr"))).hasSize(100);
                assertThat(firstRenderMs).as("first render, ms").isLessThan(3_000);
                assertThat(reloadMs).as("reload, ms").isLessThan(3_000);
                assertThat(refreshMs.doubleValue()).as("refresh, ms").isLessThan(3_000);
            });
        }
    }

    /** Ms from the navigation's start until the first page of 10,000 schedules is drawn, polled every 10 ms. */
    private static long firstPageDrawnMs(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(10)).until(b ->
                text(b, "s-page").equals("1–100 of 10000") ? ((Number) script(b, "return performance.now()")).longValue() : null);
    }

    @Test
    void aReadTokenSeesEverythingAndNoButtonThatChangesAnythingAndTheApiRefusesItsWrites(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0).executorHttpPort(-1)
                .demo(false).apiTokens(dev.eventscheduler.scheduler.api.ApiTokens.parse("viewer:read:view-secret;boss:admin:boss-secret"))
                .build().start()) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/schedules/watched"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer boss-secret")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"* * * * * ?\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                wait.until(b -> b.findElement(By.id("login")).isDisplayed());
                type(browser, "token", "view-secret");
                browser.findElement(By.cssSelector("#login-form button[type='submit']")).click();
                wait.until(b -> text(b, "who").equals("viewer · READ"));
                wait.until(b -> b.findElement(By.cssSelector("#schedule-rows tr[data-id='watched']")).getText().contains("· by boss"));
                wait.until(b -> !b.findElements(By.cssSelector("#run-rows tr")).isEmpty());
                screenshot(browser, "11-read-only");

                // read in one go in the page: its rows are drawn anew as runs stream in
                @SuppressWarnings("unchecked")
                List<Object> shownButtons = (List<Object>) script(browser, "return [...document.querySelectorAll('button')]"
                        + ".filter((b) => b.checkVisibility()).map((b) => b.textContent)");
                assertThat(shownButtons).as("the buttons shown")
                        .doesNotContain("Pause", "Resume", "Trigger now", "Backfill", "Edit", "Delete", "Cancel", "Rerun", "Save schedule",
                                "Redrive all waiting that match")
                        .contains("Apply");
                assertThat(browser.findElement(By.id("schedule-form")).isDisplayed()).as("the form").isFalse();
                // the buttons are only hidden: what protects the schedule is the API's answer
                Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " fetch('/api/schedules/watched/pause', {method: 'POST', headers: {Authorization: 'Bearer view-secret'}})"
                        + " .then((r) => done(r.status));");
                assertThat(status).isEqualTo(403L);
            });
        }
    }

    @Test
    void asksForTheTokenWhenTheApiWantsOneAndWorksWithIt(@TempDir Path data) throws IOException {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).apiToken("dash-secret").build().start()) {
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                wait.until(b -> b.findElement(By.id("login")).isDisplayed());
                // a failed load is shown, not only logged
                wait.until(b -> text(b, "page-errors").contains("the API asks for a token"));
                screenshot(browser, "5-token-prompt");

                type(browser, "token", "dash-secret");
                browser.findElement(By.cssSelector("#login-form button[type='submit']")).click();
                wait.until(b -> text(b, "stream-state").equals("live"));
                wait.until(b -> !b.findElement(By.id("page-errors")).isDisplayed());
                type(browser, "f-id", "with-token");
                type(browser, "f-type", "noop");
                type(browser, "f-cron", "0 0 * * * ?");
                wait.until(b -> text(b, "form-feedback").startsWith("Next fire times"));
                browser.findElement(By.id("save")).click();
                wait.until(b -> !b.findElements(By.cssSelector("#schedule-rows tr[data-id='with-token']")).isEmpty());

                Object kept = ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('scheduler-token')");
                assertThat(kept).as("the token is kept for this tab only").isEqualTo("dash-secret");
                Object stored = ((JavascriptExecutor) browser).executeScript("return localStorage.length");
                assertThat(stored).as("nothing kept beyond the tab").isEqualTo(0L);
            });
        }
    }

    @Test
    void cancelsARunningRunFromItsRowThenRunsItAgain(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            postEvent(stack, "{\"taskType\": \"sleep\", \"eventId\": \"long-job\", \"payload\": {\"durationMs\": 60000}}");
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                String row = "#run-rows tr[data-event-id='long-job']";
                wait.until(b -> b.findElement(By.cssSelector(row)).getText().contains("STARTED"));
                ((JavascriptExecutor) browser).executeScript("document.getElementById('runs').scrollIntoView()");
                screenshot(browser, "6-running-run");

                click(wait, "button[aria-label='Cancel run long-job']");
                browser.switchTo().alert().accept();

                wait.until(b -> text(b, "run-feedback").startsWith("Cancel of long-job requested"));
                wait.until(b -> b.findElement(By.cssSelector(row)).getText().contains("CANCELLED"));
                assertThat(browser.findElements(By.cssSelector("button[aria-label='Cancel run long-job']")))
                        .as("an ended run has no Cancel button").isEmpty();
                screenshot(browser, "7-cancelled-run");

                click(wait, "button[aria-label='Rerun long-job']");
                wait.until(b -> text(b, "run-feedback").startsWith("Rerun of long-job published as long-job-rerun-"));
                // the row follows the stream, even where a change arrives while the page refreshes
                wait.until(b -> b.findElement(By.cssSelector("#run-rows tr[data-event-id^='long-job-rerun-']")).getText()
                        .contains("STARTED"));
                screenshot(browser, "8-rerun");
                // the rerun sleeps a minute too: cancelled, it does not hold up the stack's shutdown
                click(wait, "button[aria-label^='Cancel run long-job-rerun-']");
                browser.switchTo().alert().accept();
                wait.until(b -> b.findElement(By.cssSelector("#run-rows tr[data-event-id^='long-job-rerun-']")).getText()
                        .contains("CANCELLED"));
            });
        }
    }

    @Test
    void aRunsDetailTailsItsLogWhileItRunsAndSaysWhyAFailedRunFailed(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            postEvent(stack, "{\"taskType\": \"sleep\", \"eventId\": \"too-slow\", \"timeoutMs\": 300,"
                    + " \"retry\": {\"maxAttempts\": 1}, \"payload\": {\"durationMs\": 5000}}");
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                wait.until(b -> text(b, "stream-state").equals("live"));
                postEventInTest(stack, "{\"taskType\": \"sleep\", \"eventId\": \"tailed\", \"payload\": {\"durationMs\": 4000}}");
                String row = "#run-rows tr[data-event-id='tailed']";
                wait.until(b -> b.findElement(By.cssSelector(row)).getText().contains("STARTED"));
                click(wait, row + " td");

                wait.until(b -> text(b, "detail-log").contains("sleeping 4000 ms"));
                assertThat(text(browser, "detail-log")).doesNotContain("slept");
                assertThat(text(browser, "detail-log-state")).isEqualTo("live, following");
                screenshot(browser, "12-run-log-live");
                // the open detail follows the run to its end, with no click
                wait.until(b -> text(b, "detail-log").contains("slept 4000 ms"));
                wait.until(b -> text(b, "detail-log-state").isEmpty());
                assertThat(text(browser, "detail-log")).containsSubsequence("attempt 1 on ", "INFO", "sleeping 4000 ms",
                        "slept 4000 ms");

                String failed = "#run-rows tr[data-event-id='too-slow']";
                wait.until(b -> b.findElement(By.cssSelector(failed)).getText().contains("TIMED_OUT"));
                click(wait, failed + " td");
                wait.until(b -> text(b, "detail-id").equals("too-slow") && text(b, "detail-log").contains("sleeping 5000 ms"));
                assertThat(text(browser, "detail-summary")).contains("TIMED_OUT")
                        .contains("TIMEOUT: ran longer than its time limit of 300 ms");
                assertThat(browser.findElements(By.cssSelector("#detail-actions button[aria-label='Rerun too-slow']")))
                        .as("a failed run can be run again from its detail").hasSize(1);
                screenshot(browser, "13-failed-run-detail");
            });
        }
    }

    /** Issue 41's "done when": from the dashboard alone, find the failing schedule, read why, rerun it, and be told next time. */
    @Test
    void anOperatorFindsTheFailingScheduleReadsItsRunsLogRerunsItAndIsToldTheNextTimeItFails(@TempDir Path data) throws Exception {
        com.sun.net.httpserver.HttpServer hooks = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        hooks.createContext("/report", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        hooks.createContext("/alerts", exchange -> {
            told.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        String host = "127.0.0.1:" + hooks.getAddress().getPort();
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0).executorHttpPort(-1)
                .demo(false).httpAllowedHosts(Set.of(host)).webhookAllowedHosts(Set.of(host)).build().start()) {
            for (int i = 0; i < 30; i++) {
                send(stack, "PUT", "/api/schedules/fine-" + i, "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}");
            }
            assertThat(send(stack, "PUT", "/api/schedules/report", "{\"taskType\": \"http\", \"trigger\": {\"cron\": \"0 0 * * * ?\"},"
                    + " \"retry\": {\"maxAttempts\": 1}, \"payload\": {\"url\": \"http://" + host + "/report\"}}").statusCode()).isEqualTo(201);
            assertThat(send(stack, "POST", "/api/schedules/report/trigger", null).statusCode()).isEqualTo(202);
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("s-last"))).selectByValue("FAILED,TIMED_OUT,DEAD_LETTERED");
                browser.findElement(By.cssSelector("#schedule-filters button[type='submit']")).click();
                wait.until(b -> text(b, "s-page").equals("1–1 of 1"));

                type(browser, "r-schedule", "report");
                browser.findElement(By.cssSelector("#run-filters button[type='submit']")).click();
                String failed = "#run-rows tr[data-event-id^='report@']";
                wait.until(b -> b.findElement(By.cssSelector(failed)).getText().contains("DEAD_LETTERED"));
                click(wait, failed + " td");
                wait.until(b -> text(b, "detail-log").contains("answered HTTP 500"));
                assertThat(text(browser, "detail-summary")).contains("answered HTTP 500");

                type(browser, "n-name", "report-fails");
                type(browser, "n-schedule", "report");
                type(browser, "n-webhook", "http://" + host + "/alerts");
                browser.findElement(By.cssSelector("#notify-form button[type='submit']")).click();
                wait.until(b -> text(b, "notify-feedback").equals("Saved alert report-fails."));
                wait.until(b -> b.findElement(By.cssSelector("#notify-rows tr[data-name='report-fails']")).isDisplayed());
                screenshot(browser, "14-alert-saved");

                click(wait, "#detail-actions button[aria-label^='Rerun report@']");
                wait.until(b -> !told.isEmpty());
                assertThat(told.get(0)).contains("Schedule report: run report@").contains("-rerun-").contains("ended DEAD_LETTERED");
            });
        } finally {
            hooks.stop(0);
        }
    }

    @Test
    void editingAScheduleKeepsEveryFieldTheFormDoesNotShowAndKeepsItPausedAndACompletedOneIsMarked(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            assertThat(send(stack, "PUT", "/api/schedules/kept", """
                    {"taskType": "noop", "taskKey": "customer-7",
                     "trigger": {"cron": "0 0 * * * ?", "timeZone": "Europe/Berlin", "endAt": "2030-01-01T00:00:00Z"},
                     "retry": {"maxAttempts": 5, "backoffMs": 2000, "multiplier": 3.0, "maxBackoffMs": 60000},
                     "timeoutMs": 45000, "runTimeoutMs": 600000, "catchUpWindowMs": 900000, "maxRuns": 10, "jitterMs": 30000,
                     "calendars": ["holidays"], "paused": true,
                     "labels": {"team": "billing"}}
                    """).statusCode()).isEqualTo(201);
            // a one-shot whose time has passed fires at once, and then has nothing left to fire
            assertThat(send(stack, "PUT", "/api/schedules/done", """
                    {"taskType": "noop", "trigger": {"at": "2026-01-01T00:00:00Z"}}
                    """).statusCode()).isEqualTo(201);
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                click(wait, "button[aria-label='Edit kept']");
                wait.until(b -> b.findElement(By.id("f-id")).getAttribute("value").equals("kept"));
                assertThat(browser.findElement(By.id("f-catch-up")).getAttribute("value")).isEqualTo("900000");
                assertThat(browser.findElement(By.id("f-end")).getAttribute("value")).isEqualTo("2030-01-01T00:00:00Z");
                assertThat(browser.findElement(By.id("f-max-runs")).getAttribute("value")).isEqualTo("10");
                assertThat(browser.findElement(By.id("f-jitter")).getAttribute("value")).isEqualTo("30000");
                assertThat(browser.findElement(By.id("f-calendars")).getAttribute("value")).isEqualTo("holidays");
                assertThat(text(browser, "schedule-rows")).contains("0 of 10 runs");
                type(browser, "f-cron", "0 30 * * * ?");
                type(browser, "f-catch-up", "120000");
                type(browser, "f-max-runs", "12");
                wait.until(b -> text(b, "form-feedback").contains("(12 of its max runs left)"));
                assertThat(text(browser, "form-feedback")).startsWith("Next fire times").contains("With jitter, each fires later by: ");
                browser.findElement(By.id("save")).click();
                // the answer to Save, or the error it met: shown in full if it is not the saved line
                wait.until(b -> !text(b, "form-feedback").startsWith("Next fire times"));
                assertThat(text(browser, "form-feedback")).isEqualTo("Saved kept.");
                wait.until(b -> b.findElement(By.cssSelector("tr[data-id='done']")).getText().contains("[COMPLETED]"));

                // a backfill of the paused schedule waits for its resume, its progress in the row
                click(wait, "button[aria-label='Backfill kept']");
                browser.switchTo().alert().sendKeys("2026-11-01T00:00:00Z");
                browser.switchTo().alert().accept();
                wait.until(b -> {
                    b.switchTo().alert().sendKeys("2026-11-01T05:00:00Z");
                    b.switchTo().alert().accept();
                    return true;
                });
                wait.until(b -> {
                    b.switchTo().alert().accept(); // the overlap policy it offers: BUFFER_ALL
                    return true;
                });
                wait.until(b -> text(b, "form-feedback").matches("Backfill \\S+ of kept: 5 times, overlap BUFFER_ALL\\."));
                wait.until(b -> b.findElement(By.cssSelector("tr[data-id='kept']")).getText().contains("backfill 0 of 5"));

                // a new schedule on several specs, typed as JSON
                type(browser, "f-id", "twice-daily");
                new Select(browser.findElement(By.id("f-kind"))).selectByValue("specs");
                type(browser, "f-specs", "[{\"cron\": \"0 0 9 * * ?\"}, {\"cron\": \"0 0 17 * * ?\"}");
                wait.until(b -> text(b, "form-feedback").equals("trigger.specs: is not valid JSON"));
                type(browser, "f-specs", "[{\"cron\": \"0 0 9 * * ?\"}, {\"cron\": \"0 0 17 * * ?\"}]");
                wait.until(b -> text(b, "form-feedback").startsWith("Next fire times (UTC)"));
                browser.findElement(By.id("save")).click();
                wait.until(b -> text(b, "form-feedback").equals("Saved twice-daily."));
                wait.until(b -> b.findElement(By.cssSelector("tr[data-id='twice-daily']")).getText().contains(" + "));

                type(browser, "f-id", "after-each");
                new Select(browser.findElement(By.id("f-kind"))).selectByValue("delay");
                type(browser, "f-delay", "5000");
                wait.until(b -> text(b, "form-feedback").contains(", then each time 5000 ms after the previous run's final result"));
                browser.findElement(By.id("save")).click();
                wait.until(b -> text(b, "form-feedback").equals("Saved after-each."));
                wait.until(b -> b.findElement(By.cssSelector("tr[data-id='after-each']")).getText()
                        .contains("5000 ms after each run ends"));
            });
            assertThat(EventJson.readTree(send(stack, "GET", "/api/schedules/twice-daily", null).body())
                    .at("/definition/trigger/specs")).hasSize(2);

            JsonNode saved = EventJson.readTree(send(stack, "GET", "/api/schedules/kept", null).body()).path("definition");
            assertThat(saved.at("/trigger/cron").asText()).as("the fields edited").isEqualTo("0 30 * * * ?");
            assertThat(saved.path("catchUpWindowMs").asLong()).isEqualTo(120000);
            assertThat(saved.path("maxRuns").asLong()).isEqualTo(12);
            assertThat(saved.path("jitterMs").asLong()).isEqualTo(30000);
            assertThat(saved.path("calendars")).extracting(JsonNode::asText).containsExactly("holidays");
            assertThat(saved.at("/trigger/endAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
            assertThat(saved.at("/trigger/timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(saved.path("taskKey").asText()).isEqualTo("customer-7");
            assertThat(saved.at("/retry/maxAttempts").asInt()).isEqualTo(5);
            assertThat(saved.at("/retry/backoffMs").asLong()).isEqualTo(2000);
            assertThat(saved.path("timeoutMs").asLong()).isEqualTo(45000);
            assertThat(saved.path("runTimeoutMs").asLong()).isEqualTo(600000);
            assertThat(saved.at("/labels/team").asText()).isEqualTo("billing");
            assertThat(saved.path("paused").asBoolean()).as("still paused").isTrue();
            assertThat(saved.path("payload").isNull() || saved.path("payload").isMissingNode()).as("no payload made up").isTrue();
        }
    }

    @Test
    void listsADeadLetterRedrivesItAndShowsItRedriven(@TempDir Path data) throws Exception {
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0)
                .executorHttpPort(-1).demo(false).build().start()) {
            postEvent(stack, "{\"taskType\": \"sleep\", \"eventId\": \"bad-payload\", \"payload\": {\"durationMs\": -1}}");
            inBrowser(stack, (browser, wait) -> {
                browser.get("http://127.0.0.1:" + stack.httpPort() + "/");
                // the list refreshes itself every 15 s; Apply asks at once
                wait.until(b -> {
                    b.findElement(By.cssSelector("#dl-filters button[type='submit']")).click();
                    return b.findElement(By.id("dl-rows")).getText().contains("bad-payload");
                });
                ((JavascriptExecutor) browser).executeScript("document.getElementById('dead-letters').scrollIntoView()");
                screenshot(browser, "9-dead-letter");

                click(wait, "button[aria-label^='Redrive dead letter']");

                wait.until(b -> text(b, "dl-feedback").contains("as bad-payload-redrive-"));
                new Select(browser.findElement(By.id("dl-state"))).selectByValue("REDRIVEN");
                wait.until(b -> {
                    b.findElement(By.cssSelector("#dl-filters button[type='submit']")).click();
                    return b.findElement(By.id("dl-rows")).getText().contains("REDRIVEN as bad-payload-redrive-");
                });
                screenshot(browser, "10-dead-letter-redriven");
            });
        }
    }

    /** Publishes a one-off event over REST, as another service would. */
    private static void postEvent(Standalone stack, String json) throws Exception {
        HttpResponse<String> posted = send(stack, "POST", "/api/events", json);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    /** {@link #postEvent} from within browser steps, which may throw only an IOException. */
    private static void postEventInTest(Standalone stack, String json) throws IOException {
        try {
            postEvent(stack, json);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** One request to the stack's API, with {@code json} as its body when not null. */
    private static HttpResponse<String> send(Standalone stack, String method, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a test does in the browser, on a page it opens itself. */
    private interface BrowserSteps {
        void run(WebDriver browser, WebDriverWait wait) throws IOException;
    }

    /** Starts chromium through its driver, runs {@code steps}, and quits both whatever happens. */
    private static void inBrowser(Standalone stack, BrowserSteps steps) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options());
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            steps.run(browser, wait);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    private static ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return options;
    }

    /** Event ids of the schedule's runs in the live list that have succeeded. */
    private static Object script(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static Set<String> succeededRuns(WebDriver browser) {
        return rows(browser).stream().filter(cells -> cells.get(2).equals("SUCCEEDED")).map(cells -> cells.get(0))
                .collect(Collectors.toSet());
    }

    /** Event ids of the schedule's runs in the live list, whatever their state. */
    private static Set<String> firedRuns(WebDriver browser) {
        return rows(browser).stream().map(cells -> cells.get(0)).collect(Collectors.toSet());
    }

    /** The live list re-renders on every stream event, so its rows are read in one step, in the page. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(WebDriver browser) {
        List<List<String>> all = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#run-rows tr')].map(r => [...r.cells].map(c => c.textContent));");
        return all.stream().filter(cells -> cells.size() > 2 && cells.get(1).equals("browser-tick")).toList();
    }

    /** The schedules table re-renders every few seconds: find and click in one retried step. */
    private static void click(WebDriverWait wait, String selector) {
        wait.until(b -> {
            b.findElement(By.cssSelector(selector)).click();
            return true;
        });
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void type(WebDriver browser, String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
