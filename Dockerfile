# syntax=docker/dockerfile:1
# Two images from one file:
#   docker build -t zoom-qos-collector .                          the product (default target)
#   docker build --target demo -t zoom-qos-collector-demo .       the demo (k8s/overlays/demo)
# The JDK builds with the project's own Maven wrapper; the runtime images have only a JRE and
# Spring Boot's extracted layers (dependencies change less often than our code, so they get their
# own cacheable layer).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The product module only (-am adds the simulator it is tested against, which is not packaged
# into it); its runnable jar is the one with the -exec classifier.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -pl src/collector -am -DskipTests package \
 && java -Djarmode=tools -jar src/collector/target/zoom-qos-collector-*-exec.jar extract --layers --launcher --destination /extracted

# The demo module: collector + simulator + embedded PostgreSQL (zonky picks the binaries of the
# image's platform, linux amd64 or arm64, at run time). BuildKit builds this stage only for --target demo.
FROM eclipse-temurin:17-jdk AS demo-build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -pl src/demo -am -DskipTests package \
 && java -Djarmode=tools -jar src/demo/target/zoom-qos-demo-*-exec.jar extract --layers --launcher --destination /extracted-demo

# The demo: a simulated Zoom account and an embedded PostgreSQL in the container, every read
# surface open. Never point it at a real account. Its data lives in /app/data (a volume in k8s).
FROM eclipse-temurin:17-jre AS demo
RUN groupadd --system --gid 10001 qos && useradd --system --uid 10001 --gid qos --home-dir /app qos
WORKDIR /app
COPY --from=demo-build /extracted-demo/dependencies/ ./
COPY --from=demo-build /extracted-demo/spring-boot-loader/ ./
COPY --from=demo-build /extracted-demo/snapshot-dependencies/ ./
COPY --from=demo-build /extracted-demo/application/ ./
RUN mkdir -p /app/data && chown -R qos:qos /app
USER 10001:10001
ENV SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# The product (last stage: the default target).
FROM eclipse-temurin:17-jre AS collector
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
    QOS_MANAGEMENT_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# 8080: webhooks, API, live page, liveness/readiness; 8081: metrics and health details.
EXPOSE 8080 8081
# No HEALTHCHECK: the JRE image has no HTTP client, and orchestrators use the actuator
# probes (/actuator/health/liveness, /actuator/health/readiness), see k8s/base/deployment.yaml.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
