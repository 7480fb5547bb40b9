package dev.agora.review;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * review-svc: product reviews, their rating summaries and helpful votes, on MongoDB.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReviewServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReviewServiceApplication.class, args);
    }
}
