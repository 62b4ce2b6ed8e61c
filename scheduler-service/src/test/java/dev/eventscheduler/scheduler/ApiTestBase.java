package dev.eventscheduler.scheduler;

import dev.eventscheduler.testkafka.TestKafka;
import org.junit.jupiter.api.AfterEach;

/** One scheduler serving its API on a free port of loopback, without a token, per test; stopped after it. */
abstract class ApiTestBase {

    protected final SchedulerTestKit kit;
    protected final SchedulerService scheduler;
    protected final Http http;

    ApiTestBase(TestKafka kafka, int schedulePartitions) {
        kit = new SchedulerTestKit(kafka, schedulePartitions);
        scheduler = kit.start(kit.scheduler().httpPort(0));
        http = new Http(scheduler.httpPort(), null);
    }

    @AfterEach
    void stop() {
        kit.close();
    }
}
