# One image per service, built from this repository:
#   docker build --build-arg MODULE=ingest-service -t pipeline/ingest-service .
# MODULE is one of ingest-service, classify-worker, change-feed, api-service.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -DskipTests -pl ingest-service,classify-worker,change-feed,api-service -am package

FROM eclipse-temurin:21-jre
ARG MODULE
COPY --from=build /src/${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
USER 10001
# the container's memory limit decides the heap
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
