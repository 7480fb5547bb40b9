package dev.agora.review.review;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/**
 * Review statuses stay the lowercase strings the collection always held (and its queries and the
 * relay's tombstone clean-up match), not Spring Data's default of the enum's name.
 */
@Configuration(proxyBeanMethods = false)
class ReviewStatusConversions {

    @Bean
    MongoCustomConversions mongoCustomConversions() {
        return new MongoCustomConversions(List.of(new Write(), new Read()));
    }

    @WritingConverter
    static final class Write implements Converter<ReviewStatus, String> {
        @Override
        public String convert(ReviewStatus status) {
            return status.value();
        }
    }

    @ReadingConverter
    static final class Read implements Converter<String, ReviewStatus> {
        @Override
        public ReviewStatus convert(String stored) {
            return ReviewStatus.of(stored);
        }
    }
}
