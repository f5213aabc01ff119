# syntax=docker/dockerfile:1
# Build: docker build -t zoom-qos-collector .
# Two stages: the JDK builds with the project's own Maven wrapper; the runtime image has only a
# JRE and Spring Boot's extracted layers (dependencies change less often than our code, so
# they get their own cacheable layer).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The product module only (-am adds the simulator it is tested against, which is not packaged
# into it); its runnable jar is the one with the -exec classifier.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -pl src/collector -am -DskipTests package \
 && java -Djarmode=tools -jar src/collector/target/zoom-qos-collector-*-exec.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
# An unprivileged user; the product needs QOS_DB_URL and Zoom credentials (it has no embedded
# database and no simulator, and stops at start naming whatever is missing).
RUN groupadd --system --gid 10001 qos && useradd --system --uid 10001 --gid qos --home-dir /app qos
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
RUN chown -R qos:qos /app
USER 10001:10001
ENV SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# No HEALTHCHECK: the JRE image has no HTTP client, and orchestrators use the actuator
# probes (/actuator/health/liveness, /actuator/health/readiness), see k8s/deployment.yaml.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
