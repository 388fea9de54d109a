package dev.secondbrain.changefeed;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP while this instance publishes (leader) or stands by to take over; its role is in the details. */
@Component("changeFeedHealthIndicator")
class ChangeFeedHealth implements HealthIndicator {

    private final ChangeFeed feed;

    ChangeFeedHealth(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public Health health() {
        var role = feed.role();
        var health = role == ChangeFeed.Role.STOPPED ? Health.down() : Health.up();
        return health.withDetail("role", role.name().toLowerCase()).build();
    }
}
