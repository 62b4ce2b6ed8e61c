package dev.eventscheduler.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.scheduler.api.ApiTokens.Role;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.Test;

/** Named tokens with roles: how they are written, checked and matched, and which role each route needs. */
class ApiTokensTest {

    @Test
    void readsNamedTokensWithTheirRolesAndNeverShowsASecret() {
        ApiTokens tokens = ApiTokens.parse("viewer:read:v-1\n\n# ops\nops:Operate:o:with:colons; boss:ADMIN:b-1");

        assertThat(tokens).hasToString("viewer(READ), ops(OPERATE), boss(ADMIN)");
        assertThat(tokens.match("o:with:colons").name()).as("a secret may hold colons").isEqualTo("ops");
        assertThat(tokens.match("v-1").role()).isEqualTo(Role.READ);
        assertThat(tokens.match("v-")).isNull();
        assertThat(tokens.match("")).isNull();
        assertThat(ApiTokens.parse("").isEmpty()).isTrue();
    }

    @Test
    void refusesAMalformedOrRepeatedEntryNamingItButNotItsSecret() {
        assertThatThrownBy(() -> ApiTokens.parse("viewer:reader:top-secret")).hasMessageContaining("API token 1 (viewer)")
                .hasMessageContaining("[READ, OPERATE, ADMIN]").hasMessageNotContaining("top-secret");
        assertThatThrownBy(() -> ApiTokens.parse("viewer:top-secret")).hasMessageContaining("name:role:secret")
                .hasMessageNotContaining("top-secret");
        assertThatThrownBy(() -> ApiTokens.parse("a:read:top-secret;b:admin:top-secret")).hasMessageContaining("API token 2 (b)")
                .hasMessageContaining("another token's").hasMessageNotContaining("top-secret");
        assertThatThrownBy(() -> ApiTokens.parse("a:read:one;a:admin:two")).hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> ApiTokens.parse("bad name:read:x")).hasMessageContaining("the name must be");
        assertThatThrownBy(() -> ApiTokens.parse("a:read:" + "x".repeat(1_025))).hasMessageContaining("1 to 1024 characters");
        assertThatThrownBy(() -> ApiTokens.single("s").and(ApiTokens.parse("default:read:t")))
                .hasMessageContaining("'default' is used twice");
    }

    @Test
    void eachRoleAllowsWhatTheOnesBeforeItAllow() {
        assertThat(Role.ADMIN.allows(Role.OPERATE)).isTrue();
        assertThat(Role.OPERATE.allows(Role.READ)).isTrue();
        assertThat(Role.OPERATE.allows(Role.ADMIN)).isFalse();
        assertThat(Role.READ.allows(Role.OPERATE)).isFalse();
    }

    @Test
    void readingNeedsReadActingOnSchedulesRunsAndDeadLettersNeedsOperateAndEveryOtherWriteNeedsAdmin() {
        assertThat(RequestGuard.requiredRole(HandlerType.GET, "/api/schedules")).isEqualTo(Role.READ);
        assertThat(RequestGuard.requiredRole(HandlerType.GET, "/api/stream")).isEqualTo(Role.READ);
        assertThat(RequestGuard.requiredRole(HandlerType.POST, "/api/schedules/preview")).isEqualTo(Role.READ);
        for (String path : new String[] {"/api/schedules/a/pause", "/api/schedules/a/resume", "/api/schedules/a/trigger",
                "/api/schedules/a/backfill", "/api/events", "/api/runs/a@1/cancel", "/api/runs/a@1/rerun",
                "/api/dead-letters/redrive", "/api/dead-letters/discard"}) {
            assertThat(RequestGuard.requiredRole(HandlerType.POST, path)).as(path).isEqualTo(Role.OPERATE);
        }
        assertThat(RequestGuard.requiredRole(HandlerType.PUT, "/api/schedules/a")).isEqualTo(Role.ADMIN);
        assertThat(RequestGuard.requiredRole(HandlerType.DELETE, "/api/schedules/a")).isEqualTo(Role.ADMIN);
        assertThat(RequestGuard.requiredRole(HandlerType.PUT, "/api/calendars/x")).isEqualTo(Role.ADMIN);
        assertThat(RequestGuard.requiredRole(HandlerType.PUT, "/api/schedules/a/pause")).as("not a POST").isEqualTo(Role.ADMIN);
        assertThat(RequestGuard.requiredRole(HandlerType.POST, "/api/schedules/a/pause/x")).isEqualTo(Role.ADMIN);
        assertThat(RequestGuard.requiredRole(HandlerType.POST, "/api/something-new")).as("any other write").isEqualTo(Role.ADMIN);
    }
}
