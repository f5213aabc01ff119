# syntax=docker/dockerfile:1
# Build: docker build -t zoom-qos-collector .
# Two stages: the JDK builds with the project's own Maven wrapper; the runtime image has only a
# JRE and Spring Boot's extracted layers (dependencies change less often than our code, so
# they get their own cacheable layer).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -DskipTests package \
 && java -Djarmode=tools -jar target/zoom-qos-collector-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
# PostgreSQL refuses to run as root; the embedded database (used when QOS_DB_URL is unset)
# and the service both run as this unprivileged user.
RUN groupadd --system --gid 10001 qos && useradd --system --uid 10001 --gid qos --home-dir /app qos
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
RUN mkdir -p /app/data && chown -R qos:qos /app
USER 10001:10001
ENV SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
VOLUME ["/app/data"]
# No HEALTHCHECK: the JRE image has no HTTP client, and orchestrators use the actuator
# probes (/actuator/health/liveness, /actuator/health/readiness), see k8s/deployment.yaml.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
