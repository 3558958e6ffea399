plugins {
    kotlin("jvm") version "2.1.0"
}

dependencies {
    implementation("dev.langchain4j:langchain4j-anthropic:1.0.0-beta1")
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    // implementation("dev.langchain4j:langchain4j-ollama:1.0.0-beta1")
    testImplementation(kotlin("test"))
}
