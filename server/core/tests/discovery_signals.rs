//! Discovery signals: the data files against their JSON Schema, and each
//! signal kind on positive cases and look-alikes (file in, signal ids out).

use aisrm_core::discovery::project_signals::ProjectSignals;
use aisrm_core::discovery::signal_file::ECOSYSTEMS;
use aisrm_core::discovery::signals::{BUILTIN_FILES, to_json};
use aisrm_core::discovery::{Signals, scan_text};
use aisrm_core::text::{Encoding, LineIndex};
use aisrm_core::yaml::Yaml;

#[test]
fn every_signal_file_follows_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/aisrm-discovery.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, text) in BUILTIN_FILES {
        let yaml = Yaml::parse(text);
        assert!(yaml.errors.is_empty(), "{name}: {:?}", yaml.errors);
        let value = to_json(&yaml, yaml.root().unwrap(), 0);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    let signals = Signals::builtin();
    assert!(signals.signals.len() > 100, "{}", signals.signals.len());
}

#[test]
fn a_signal_file_naming_an_unknown_component_or_model_is_refused() {
    let bad_component = "discovery: 1\nsignals:\n  - {id: x, kind: env, match: [X], component: nope, confidence: likely, why: w}\n";
    assert!(
        Signals::load(&[("x.yaml", bad_component)])
            .unwrap_err()
            .contains("names no component `nope`")
    );
    let bad_model = "discovery: 1\ncomponents:\n  - {id: c, name: C, provider: P, deployment: cloud, description: d}\n";
    assert!(
        Signals::load(&[("x.yaml", bad_model)])
            .unwrap_err()
            .contains("not an aisrm deployment model")
    );
    let bad_key = "discovery: 1\nsignals:\n  - {id: x, kind: env, matches: [X]}\n";
    assert!(
        Signals::load(&[("x.yaml", bad_key)])
            .unwrap_err()
            .contains("unknown field")
    );
}

#[test]
fn the_loader_knows_the_ecosystems_of_the_schema_and_a_project_file_follows_it() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/aisrm-discovery.schema.json")).unwrap();
    let enum_: Vec<&str> =
        schema["properties"]["signals"]["items"]["properties"]["ecosystem"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
    assert_eq!(enum_, ECOSYSTEMS);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text =
        include_str!("../../../tests/fixtures/discovery/repos/custom-signals/ai-signals.yaml");
    let yaml = Yaml::parse(text);
    assert!(validator.is_valid(&to_json(&yaml, yaml.root().unwrap(), 0)));
    let project = ProjectSignals::from_files(vec![("ai-signals.yaml".into(), text.into())]);
    assert!(project.refused.is_empty(), "{:?}", project.refused);
    assert!(project.signals().component("acme-llm-gateway").is_some());
    assert!(project.signals().component("openai-api").is_some());
}

/// The problems (line:column message) of one project signal file.
fn problems(text: &str) -> Vec<String> {
    let project = ProjectSignals::from_files(vec![("s.yaml".into(), text.into())]);
    let index = LineIndex::new(text);
    project
        .refused
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| {
            let at = index.line_col(text, d.range.start, Encoding::Chars);
            format!("{}:{} {}", at.line + 1, at.col + 1, d.message)
        })
        .collect()
}

#[test]
fn a_project_signal_file_that_is_not_one_is_refused_at_the_problem() {
    assert_eq!(
        problems("- just a list\n"),
        [
            "1:1 a signal file is a mapping that starts with `discovery: 1` (this signal file is not used)"
        ]
    );
    assert_eq!(
        problems(
            "discovery: 2\nsignals: {}\ncomponents:\n  - {id: Bad_Id, name: N, provider: P, deployment: paas-ai, description: d}\n"
        ),
        [
            "1:12 `discovery:` should be 1, the version of the signal format this aisrm reads (this signal file is not used)",
            "2:10 `signals` should be a list (this signal file is not used)",
            "4:5 component id `Bad_Id` should be lower-case letters, digits and `-` (this signal file is not used)",
        ]
    );
    assert_eq!(
        problems(
            "signals:\n  - {id: x, kind: env, match: [], component: openai-api, confidence: likely, why: w}\n  - [unclosed\n"
        ),
        problems(
            "signals:\n  - {id: x, kind: env, match: [], component: openai-api, confidence: likely, why: w}\n  - [unclosed\n"
        ),
        "the same every time"
    );
    assert_eq!(
        problems("discovery: 1\nsignals:\n  - [unclosed\n"),
        [
            "3:5 each item of `signals` should be a mapping (this signal file is not used)",
            "4:1 YAML syntax error: while parsing a flow sequence, expected ',' or ']' (this signal file is not used)",
        ]
    );
    assert_eq!(
        problems(
            "discovery: 1\nsignals:\n  - {id: e, kind: env, match: [''], component: openai-api, confidence: likely, why: w}\n"
        ),
        ["3:5 signal `e` matches nothing (an empty `match`) (this signal file is not used)"]
    );
    assert!(
        problems("discovery: 1\n").is_empty(),
        "an empty file is fine"
    );
}

/// The signal ids (with 1-based line:column) found in one file.
fn ids(path: &str, text: &str) -> Vec<String> {
    let (hits, _) = scan_text(path, text, Signals::builtin());
    let mut out: Vec<String> = hits
        .iter()
        .map(|h| format!("{}@{}:{}", h.signal, h.line, h.column))
        .collect();
    out.sort();
    out
}

/// [`ids`] with each hit's confidence.
fn ids_and_confidence(path: &str, text: &str) -> Vec<String> {
    let (hits, _) = scan_text(path, text, Signals::builtin());
    hits.iter()
        .map(|h| format!("{}@{}:{} {}", h.signal, h.line, h.column, h.confidence.id()))
        .collect()
}

#[test]
fn package_manifests() {
    assert_eq!(
        ids(
            "requirements.txt",
            "Django\nOpenAI[datalib]>=1\n# anthropic\n-e ./local\nopenai-whisper\n"
        ),
        ["pypi-openai@2:1", "pypi-whisper@5:1"]
    );
    assert_eq!(
        ids("requirements/prod.txt", "langchain_openai==0.2\n"),
        ["pypi-openai@1:1"]
    );
    assert_eq!(
        ids(
            "setup.cfg",
            "[metadata]\nname = x\n[options]\ninstall_requires =\n    requests\n    anthropic>=0.40\n"
        ),
        ["pypi-anthropic@6:5"]
    );
    assert_eq!(
        ids(
            "Pipfile",
            "[packages]\ngroq = \"*\"\n[dev-packages]\npytest = \"*\"\n"
        ),
        ["pypi-groq@2:1"]
    );
    assert_eq!(
        ids(
            "package.json",
            "{\"name\": \"openai\", \"scripts\": {\"openai\": \"x\"}, \"devDependencies\": {\"@ai-sdk/anthropic\": \"1\"}}"
        ),
        ["npm-anthropic@1:69"]
    );
    assert_eq!(
        ids(
            "go.mod",
            "module openai\n\nrequire github.com/sashabaranov/go-openai v1.36.0\n"
        ),
        ["go-openai@3:9"]
    );
    assert_eq!(
        ids(
            "Cargo.toml",
            "[dependencies]\nllm = { package = \"async-openai\", version = \"0.26\" }\nopenai-free = \"1\"\n"
        ),
        ["cargo-openai@2:1"]
    );
    assert_eq!(
        ids(
            "pom.xml",
            "<project><dependencies><dependency><groupId>com.google.genai</groupId><artifactId>google-genai</artifactId></dependency></dependencies></project>"
        ),
        ["maven-gemini@1:83"]
    );
    assert_eq!(
        ids(
            "build.gradle",
            "dependencies {\n  implementation 'dev.langchain4j:langchain4j-open-ai:1.0.0'\n  // implementation 'dev.langchain4j:langchain4j-ollama:1.0.0'\n}\n"
        ),
        ["maven-openai@2:19"]
    );
    assert_eq!(
        ids(
            "gradle/libs.versions.toml",
            "[libraries]\ngenai = { module = \"com.google.genai:google-genai\", version = \"1\" }\n"
        ),
        ["maven-gemini@2:9"]
    );
    assert_eq!(
        ids(
            "App.csproj",
            "<Project><ItemGroup><PackageReference Include=\"OllamaSharp\" Version=\"4\" /><PackageReference Include=\"OpenAI.Tools.NotReal\" /></ItemGroup></Project>"
        ),
        ["nuget-ollama@1:48"]
    );
}

#[test]
fn source_code() {
    assert_eq!(
        ids(
            "a.py",
            "from openai import AzureOpenAI\nclient = AzureOpenAI(api_version='x')\n# client = OpenAI()\n"
        ),
        ["py-azure-openai-client@2:10", "py-import-openai@1:6"]
    );
    assert_eq!(
        ids("a.py", "import boto3\ns3 = boto3.client('s3')\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("a.py", "'''\nimport openai\n'''\nmodel = 'openai'\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(
            "a.ts",
            "import type { Foo } from './openai';\nconst ua = { 'User-Agent': 'openai' };\n"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("a.ts", "const { Ollama } = require(\"ollama\");\n"),
        ["js-import-ollama@1:29"]
    );
    assert_eq!(
        ids(
            "a.go",
            "package a\nimport \"strings\"\nfunc f(m string) bool { return strings.Contains(m, \"llm\") }\n"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("A.java", "import com.anthropic.client.AnthropicClient;\n"),
        ["java-import-anthropic@1:8"]
    );
    assert_eq!(
        ids("A.cs", "using OpenAI.Chat;\nusing OpenAIStyle;\n"),
        ["cs-using-openai@1:7"]
    );
}

#[test]
fn mcp_configs() {
    assert_eq!(
        ids(
            ".vscode/mcp.json",
            "{\"servers\": {\"fs\": {\"command\": \"npx\"}}, \"inputs\": []}"
        ),
        ["mcp-vscode@1:15"]
    );
    assert_eq!(
        ids(
            ".zed/settings.json",
            "{\"context_servers\": {\"pg\": {\"command\": {\"path\": \"pg-mcp\"}}}}"
        ),
        ["mcp-zed@1:23"]
    );
    // A README snippet and an unrelated settings file are not configs.
    assert_eq!(
        ids("README.md", "{\"mcpServers\": {\"x\": {}}}"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(".vscode/settings.json", "{\"mcpServers\": {\"x\": {}}}"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids("server.json", "{\"name\": \"not an MCP server\"}"),
        Vec::<String>::new()
    );
}

#[test]
fn assistants_and_workflows() {
    assert_eq!(
        ids(".github/copilot-instructions.md", "x"),
        ["copilot-instructions@1:1"]
    );
    assert_eq!(ids("pkg/CLAUDE.md", "x"), ["claude-code-files@1:1"]);
    assert_eq!(
        ids(".claude/settings.json", "{}"),
        ["claude-code-files@1:1"]
    );
    assert_eq!(ids("docs/AGENTS.md", "x"), ["agents-md@1:1"]);
    assert_eq!(
        ids(
            ".github/workflows/x.yml",
            "jobs:\n  a:\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n      - uses: actions/claude-code-action-lookalike@v1\n"
        ),
        ["ci-gemini-cli-action@4:15"]
    );
    assert_eq!(ids("CLAUDE.txt", "x"), Vec::<String>::new());
}

#[test]
fn containers() {
    assert_eq!(
        ids(
            "compose.yaml",
            "services:\n  llm:\n    image: docker.io/ollama/ollama@sha256:abc\n  web:\n    image: nginx\n    environment:\n      - OPENAI_API_KEY\n"
        ),
        ["env-openai@7:9", "image-ollama@3:12"]
    );
    assert_eq!(
        ids(
            "Dockerfile",
            "FROM --platform=linux/amd64 vllm/vllm-openai:latest\nFROM python:3.12\n"
        ),
        ["image-vllm@1:29"]
    );
    assert_eq!(
        ids(
            "k8s.yaml",
            "apiVersion: v1\nkind: Pod\n---\napiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\n"
        ),
        ["k8s-nim@5:7"]
    );
    assert_eq!(
        ids(
            "app.yaml",
            "image: acme/ollama-dashboard:1\nkind: InferenceService\n"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_tool_call_handler_counts_only_where_tools_are_passed() {
    let loop_ = "r = c.chat.completions.create(model=m, messages=ms, tools=T)\nfor call in r.choices[0].message.tool_calls:\n    run(call)\n";
    assert_eq!(ids("agent.py", loop_), ["py-tool-call-loop@2:33"]);
    let no_tools = "r = c.chat.completions.create(model=m, messages=ms)\nprint(r.choices[0].message.tool_calls)\n";
    assert_eq!(ids("report.py", no_tools), Vec::<String>::new());
    let commented = "# tools=T is passed elsewhere\nprint(message.tool_calls)\n";
    assert_eq!(ids("report.py", commented), Vec::<String>::new());
    let anthropic = "const m = await c.messages.create({ tools: T, messages });\nif (b.type === 'tool_use') run(b);\n";
    assert_eq!(ids("agent.ts", anthropic), ["js-tool-call-loop@2:16"]);
}

/// Go, Java/Kotlin and C# agent loops: tools passed to the model and its
/// tool calls handled. A single completion call, tool calls read where no
/// tools are passed, and tools named only in a comment are no agent.
#[test]
fn hand_written_agent_loops_in_go_java_kotlin_and_csharp() {
    let go_loop = "params := openai.ChatCompletionNewParams{\n\tMessages: msgs,\n\tTools:    tools,\n}\nc, _ := client.Chat.Completions.New(ctx, params)\nfor _, call := range c.Choices[0].Message.ToolCalls {\n\trun(call)\n}\n";
    assert_eq!(ids("agent/loop.go", go_loop), ["go-tool-call-loop@6:42"]);
    let go_single = "c, _ := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Messages: msgs})\nfmt.Println(c.Choices[0].Message.Content)\n";
    assert_eq!(ids("cmd/ask.go", go_single), Vec::<String>::new());
    let go_comment = "// Tools: are passed elsewhere\nlog.Print(len(m.ToolCalls))\n";
    assert_eq!(ids("cmd/log.go", go_comment), Vec::<String>::new());
    let anthropic_go = "p := anthropic.MessageNewParams{Tools: toolParams}\nfor _, b := range msg.Content {\n\tswitch v := b.AsAny().(type) {\n\tcase anthropic.ToolUseBlock:\n\t\trun(v)\n\t}\n}\n";
    assert_eq!(
        ids("agent/claude.go", anthropic_go),
        ["go-tool-call-loop@4:17"]
    );

    let java_loop = "var params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).addTool(weather).build();\nfor (var call : completion.choices().get(0).message().toolCalls().orElseThrow()) {\n    run(call);\n}\n";
    assert_eq!(
        ids("src/main/java/Agent.java", java_loop),
        ["java-tool-call-loop@2:54"]
    );
    let langchain4j = "ChatRequest request = ChatRequest.builder().messages(messages).toolSpecifications(specs).build();\nAiMessage ai = model.chat(request).aiMessage();\nif (ai.hasToolExecutionRequests()) {\n    for (var r : ai.toolExecutionRequests()) execute(r);\n}\n";
    assert_eq!(
        ids("src/main/java/Loop.java", langchain4j),
        ["java-tool-call-loop@3:7", "java-tool-call-loop@4:20"]
    );
    let java_single = "var completion = client.chat().completions().create(ChatCompletionCreateParams.builder().addUserMessage(q).build());\nSystem.out.println(completion.choices().get(0).message().content());\n";
    assert_eq!(
        ids("src/main/java/Ask.java", java_single),
        Vec::<String>::new()
    );
    let kotlin = "val request = ChatCompletionRequest(model = id, messages = msgs, tools = listOf(weather))\nval message = openAI.chatCompletion(request).choices.first().message\nmessage.toolCalls?.forEach { run(it) }\n";
    assert_eq!(
        ids("src/main/kotlin/Agent.kt", kotlin),
        ["java-tool-call-loop@3:8"]
    );

    let csharp = "ChatCompletionOptions options = new() { Tools = { weatherTool } };\nChatCompletion completion = client.CompleteChat(messages, options);\nif (completion.FinishReason == ChatFinishReason.ToolCalls)\n{\n    foreach (var call in completion.ToolCalls) Run(call);\n}\n";
    assert_eq!(
        ids("src/Agent.cs", csharp),
        ["cs-tool-call-loop@3:48", "cs-tool-call-loop@5:36"]
    );
    let csharp_single = "ChatCompletion completion = client.CompleteChat(\"Say hi\");\nConsole.WriteLine(completion.Content[0].Text);\n";
    assert_eq!(ids("src/Ask.cs", csharp_single), Vec::<String>::new());
    let extensions_ai = "var options = new ChatOptions { Tools = [AIFunctionFactory.Create(GetWeather)] };\nvar response = await chat.GetResponseAsync(messages, options);\nforeach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()) Invoke(call);\n";
    assert_eq!(
        ids("src/Loop.cs", extensions_ai),
        ["cs-mea-function-invocation@1:42", "cs-tool-call-loop@3:75"]
    );
    // The middleware configured in one file, the tools given in another
    // (eShop): the tools are the evidence; the middleware alone is not.
    let middleware = "builder.Services.AddChatClient(inner).UseFunctionInvocation();
";
    assert_eq!(ids("src/Setup.cs", middleware), Vec::<String>::new());
    let tools = "var options = new ChatOptions\n{\n    Tools =\n    [\n        AIFunctionFactory.Create(SearchCatalog),\n    ],\n};\n";
    assert_eq!(
        ids("src/Chat.cs", tools),
        ["cs-mea-function-invocation@5:9"]
    );
}

#[test]
fn kustomize_images_aspire_app_hosts_and_testcontainers() {
    // The replacement when it is a model server, else the base's image;
    // `images:` of a file that is not a kustomization is not read.
    let kustomization = "images:\n  - name: ollama/ollama\n    newTag: 0.5.4\n  - name: server\n    newName: docker.io/vllm/vllm-openai\n  - name: ollama/ollama\n    newName: ollama/ollama\n";
    assert_eq!(
        ids("overlays/prod/kustomization.yaml", kustomization),
        ["image-ollama@2:11", "image-ollama@7:14", "image-vllm@5:14"]
    );
    assert_eq!(ids("values.yaml", kustomization), Vec::<String>::new());
    assert_eq!(
        ids(
            "AppHost/AppHost.cs",
            "var ai = builder.AddAzureOpenAI(\"ai\");\n// builder.AddOllama(\"x\");\nbuilder.AddOpenAIChatCompletion(\"m\");\nvar o = builder.AddOllama(\"o\");\n"
        ),
        [
            "cs-aspire-add-azure-openai@1:17",
            "cs-aspire-add-ollama@4:16"
        ]
    );
    let (hits, _) = scan_text(
        "go.mod",
        "module x\nrequire github.com/testcontainers/testcontainers-go/modules/ollama v0.40.0\n",
        Signals::builtin(),
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].confidence.id(), "likely");
}

/// Kustomize `helmCharts:` and a chart's `dependencies:` name a chart in
/// its repository: the same chart name in another repository, a chart
/// without a repository, and `helmCharts:` outside a kustomization are no
/// model server.
#[test]
fn helm_charts_of_kustomizations_and_charts() {
    let kustomization = "helmCharts:\n  - name: ollama\n    repo: https://otwld.github.io/ollama-helm/\n    valuesInline:\n      ollama:\n        gpu: {enabled: true}\n  - name: vllm-stack\n    repo: https://vllm-project.github.io/production-stack\n  - name: ollama\n    repo: https://charts.example.com/lookalike\n  - name: local-ai\n";
    assert_eq!(
        ids("deploy/kustomization.yaml", kustomization),
        ["helm-ollama@2:11", "helm-vllm@7:11"]
    );
    assert_eq!(
        ids("deploy/values.yaml", kustomization),
        Vec::<String>::new()
    );
    let chart = "apiVersion: v2\nname: platform\ndependencies:\n  - name: local-ai\n    version: 3.4.0\n    repository: https://go-skynet.github.io/helm-charts/\n  - name: ollama\n    repository: oci://registry.example.com/charts\n  - name: postgresql\n    repository: https://charts.bitnami.com/bitnami\n";
    assert_eq!(
        ids("charts/platform/Chart.yaml", chart),
        ["helm-localai@4:11"]
    );
    assert_eq!(
        ids("charts/platform/values.yaml", chart),
        Vec::<String>::new()
    );
    let terraform = "resource \"helm_release\" \"ollama\" {\n  name       = \"ollama\"\n  repository = \"https://otwld.github.io/ollama-helm\"\n  chart      = \"ollama\"\n}\nresource \"helm_release\" \"db\" {\n  repository = \"https://charts.bitnami.com/bitnami\"\n  chart      = \"postgresql\"\n}\nresource \"helm_release\" \"local\" {\n  chart = \"./charts/ollama\"\n}\n";
    assert_eq!(ids("infra/ollama.tf", terraform), ["helm-ollama@4:17"]);
}

/// An Argo CD `Application` deploys the chart of its `source` or of each
/// of its `sources`; a Git path source, another kind with the same keys
/// and a chart of another repository are not model servers.
#[test]
fn argo_cd_applications_deploying_model_server_charts() {
    let app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ollama\nspec:\n  project: default\n  source:\n    repoURL: https://otwld.github.io/ollama-helm/\n    chart: ollama\n    targetRevision: 1.12.0\n";
    assert_eq!(ids("argocd/ollama.yaml", app), ["helm-ollama@9:12"]);
    let multi = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  sources:\n    - repoURL: https://github.com/acme/platform.git\n      path: k8s/ollama\n    - repoURL: https://vllm-project.github.io/production-stack\n      chart: vllm-stack\n    - repoURL: https://charts.example.com/ai\n      chart: ollama\n";
    assert_eq!(ids("argocd/llm.yaml", multi), ["helm-vllm@8:14"]);
    // LiteLLM's Argo CD example (an OCI repository without a scheme) and
    // NVIDIA's NIM chart repository.
    let litellm = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    repoURL: ghcr.io/berriai/litellm/chart\n    chart: litellm\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    repoURL: https://helm.ngc.nvidia.com/nim\n    chart: nim-llm\n";
    assert_eq!(
        ids("argocd/gateway.yaml", litellm),
        ["helm-litellm@6:12", "helm-nim@13:12"]
    );
    let not_argo = app.replace("argoproj.io/v1alpha1", "example.com/v1");
    assert_eq!(ids("argocd/other.yaml", &not_argo), Vec::<String>::new());
}

/// A remote Kustomize resource is matched by its URL (any scheme, any
/// case); local resources and other remote bases are not components.
#[test]
fn remote_kustomize_resources() {
    let kustomization = "resources:\n  - deployment.yaml\n  - ../base\n  - https://raw.githubusercontent.com/mudler/LocalAI-examples/refs/heads/main/kubernetes/deployment.yaml\n  - github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1\n";
    assert_eq!(
        ids("k8s/kustomization.yaml", kustomization),
        ["kustomize-localai-base@4:5"]
    );
    assert_eq!(
        ids(
            "k8s/Kustomization",
            "resources:\n- git::https://github.com/mudler/LocalAI-examples//kubernetes?ref=main\n"
        ),
        ["kustomize-localai-base@2:3"]
    );
    assert_eq!(ids("k8s/list.yaml", kustomization), Vec::<String>::new());
}

/// .NET: the Testcontainers Ollama module is test evidence (always
/// `likely`, in the project file and in code); the Aspire OllamaSharp
/// client integration wires the app to Ollama. Other Testcontainers
/// modules and a look-alike namespace are not components.
#[test]
fn dotnet_testcontainers_ollama_and_aspire_ollamasharp() {
    let tests_project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Testcontainers.Ollama\" Version=\"4.8.1\" />\n    <PackageReference Include=\"Testcontainers.PostgreSql\" Version=\"4.8.1\" />\n  </ItemGroup>\n</Project>\n";
    assert_eq!(
        ids_and_confidence("tests/App.Tests.csproj", tests_project),
        ["nuget-testcontainers-ollama@3:32 likely"]
    );
    let code = "using Testcontainers.Ollama;\nusing Testcontainers.PostgreSql;\nusing Acme.Testcontainers.OllamaLike;\n\nvar ollama = new OllamaBuilder().Build();\n";
    assert_eq!(
        ids_and_confidence("tests/ChatTests.cs", code),
        ["cs-using-testcontainers-ollama@1:7 likely"]
    );
    assert_eq!(
        ids(
            "Directory.Packages.props",
            "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"CommunityToolkit.Aspire.OllamaSharp\" Version=\"13.0.0\" />\n  </ItemGroup>\n</Project>\n"
        ),
        ["nuget-aspire-ollamasharp@3:30"]
    );
}

#[test]
fn infrastructure_as_code() {
    assert_eq!(
        ids(
            "ai.tf",
            "resource \"google_vertex_ai_endpoint\" \"e\" {\n  name = \"e\"\n}\ndata \"aws_bedrock_foundation_model\" \"m\" {}\n"
        ),
        ["tf-google-vertex-ai@1:11"]
    );
    assert_eq!(
        ids(
            "ai.tf",
            "resource \"azurerm_cognitive_account\" \"a\" {\n  kind = \"ComputerVision\"\n}\n"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(
            "ai.tf",
            "resource \"azurerm_cognitive_account\" \"a\" {\n  kind = \"aiservices\"\n}\n"
        ),
        ["tf-azure-openai-account@1:11"]
    );
    assert_eq!(
        ids(
            "cfn.json",
            "{\"Resources\": {\"A\": {\"Type\": \"AWS::Bedrock::Agent\"}, \"B\": {\"Type\": \"AWS::S3::Bucket\"}, \"K\": {\"Type\": \"AWS::Bedrock::KnowledgeBase\"}}}"
        ),
        // The most specific pattern wins: an agent, not Bedrock in general.
        ["cfn-bedrock-agents@1:31", "cfn-bedrock@1:103"]
    );
}

#[test]
fn environment_templates() {
    assert_eq!(
        ids(
            ".env.example",
            "export OPENAI_API_KEY=\n# ANTHROPIC_API_KEY=\nNOT_OPENAI_API_KEY=1\n"
        ),
        ["env-openai@1:8"]
    );
}

#[test]
fn malformed_input_is_a_note_never_a_panic() {
    for (path, text) in [
        ("package.json", "{\"dependencies\": {"),
        ("pyproject.toml", "[project\ndependencies = ["),
        ("pom.xml", "<project><dependency></groupId>"),
        ("main.tf", "resource \"x\" {"),
        (".mcp.json", "{\"mcpServers\": [}"),
    ] {
        let (hits, notes) = scan_text(path, text, Signals::builtin());
        assert!(hits.is_empty(), "{path}");
        assert_eq!(notes.len(), 1, "{path}: {notes:?}");
    }
}

#[test]
fn the_readme_table_is_generated_from_the_signal_data() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find("<!-- detects:start -->\n")
        .expect("start marker")
        + "<!-- detects:start -->\n".len();
    let end = readme.find("<!-- detects:end -->").expect("end marker");
    let expected = Signals::builtin().detects_table();
    if std::env::var_os("AISRM_UPDATE_README").is_some() {
        std::fs::write(
            path,
            format!("{}{expected}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    assert!(
        readme[start..end] == expected,
        "README.md's \"What aisrm detects\" table is stale; replace it with:\n{expected}"
    );
}
