package io.zoomqos.collector.polling;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Meetings pinned by configuration: polled at the interval like watched ones. A live meeting is
 * pinned when any rule names it (besides pins set through {@code PUT /api/v1/meetings/{uuid}/pin}).
 *
 * @param meetingIds numeric Zoom meeting IDs (every instance of a recurring meeting)
 * @param hostIds Zoom user ids of hosts
 * @param topicPatterns Java regular expressions, any part of the topic matching (case-insensitive)
 */
@Validated
@ConfigurationProperties("qos.poll.pin")
public record PinRules(@DefaultValue List<Long> meetingIds, @DefaultValue List<String> hostIds,
                       @DefaultValue List<String> topicPatterns) {

    public PinRules {
        meetingIds = List.copyOf(meetingIds);
        hostIds = List.copyOf(hostIds);
        topicPatterns = List.copyOf(topicPatterns);
        for (String p : topicPatterns) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("qos.poll.pin.topic-patterns: not a regular expression: " + p, e);
            }
        }
    }

    public static PinRules none() {
        return new PinRules(List.of(), List.of(), List.of());
    }

    boolean isEmpty() {
        return meetingIds.isEmpty() && hostIds.isEmpty() && topicPatterns.isEmpty();
    }

    /** Whether a rule names the meeting. */
    boolean matches(long meetingId, @Nullable String hostId, @Nullable String topic) {
        if (meetingIds.contains(meetingId) || (hostId != null && hostIds.contains(hostId))) {
            return true;
        }
        if (topic == null) {
            return false;
        }
        return topicPatterns.stream().anyMatch(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE).matcher(topic).find());
    }
}
