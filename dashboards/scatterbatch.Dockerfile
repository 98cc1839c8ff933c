# The scatterbatch command line in a JDK 25 image, running `serve` for docker-compose.yml.
# Build context: the repository root (docker-compose.yml sets it).
FROM eclipse-temurin:25-jdk
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
WORKDIR /scatterbatch
COPY . .
# Build once at image build time, so the launcher finds an up-to-date jar and starts at once.
RUN mvn -q -B -ntp -DskipTests -pl app -am install && touch app/target/scatterbatch.jar
EXPOSE 9464
# Bound to every interface so Prometheus in the next container can scrape it; serve then requires
# SCATTERBATCH_TOKEN (or --token) for PUT /api/params, which docker-compose.yml sets.
ENTRYPOINT ["./scatterbatch"]
CMD ["serve", "--bind", "0.0.0.0", "--port", "9464"]
