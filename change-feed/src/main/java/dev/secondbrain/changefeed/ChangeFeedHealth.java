package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.OwnedTopic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.unit.DataSize;

import java.util.ArrayList;

/**
 * {@code changeFeed} in the readiness group: UP while this instance publishes (leader) or stands by to take over,
 * the changes topic is there, and the replication slot holds less WAL than {@code pipeline.change-feed.max-slot-lag};
 * otherwise DOWN with every reason in {@code errors}. Its role and the slot's lag are in the details.
 */
final class ChangeFeedHealth implements HealthIndicator {

    private final ChangeFeed feed;
    private final OwnedTopic topic;
    private final SlotLag lag;
    private final DataSize maxLag;

    ChangeFeedHealth(ChangeFeed feed, OwnedTopic topic, SlotLag lag, DataSize maxLag) {
        this.feed = feed;
        this.topic = topic;
        this.lag = lag;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        var role = feed.role();
        var errors = new ArrayList<String>();
        if (role == ChangeFeed.Role.STOPPED) {
            errors.add("the feed is stopped");
        }
        topic.problem().ifPresent(errors::add);
        var bytes = lag.bytes();
        if (bytes.isPresent() && bytes.getAsLong() > maxLag.toBytes()) {
            errors.add("replication slot " + lag.slot() + " holds " + bytes.getAsLong() + " bytes of WAL, more than "
                    + "pipeline.change-feed.max-slot-lag (" + maxLag.toBytes() + " bytes): the feed does not confirm "
                    + "changes (see its log), and PostgreSQL keeps the WAL until it does");
        }
        var health = errors.isEmpty() ? Health.up() : Health.down().withDetail("errors", errors);
        health.withDetail("role", role.name().toLowerCase()).withDetail("topic", topic.name());
        if (bytes.isPresent()) {
            health.withDetail("slotLagBytes", bytes.getAsLong());
        }
        return health.build();
    }
}
