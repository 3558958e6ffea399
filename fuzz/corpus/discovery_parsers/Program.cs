using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

var endpoint = new Uri(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")!);
var azureClient = new AzureOpenAIClient(endpoint, new DefaultAzureCredential());

var builder = Kernel.CreateBuilder();
builder.AddAzureOpenAIChatCompletion("gpt-4o", azureClient);
builder.Plugins.AddFromType<OrderPlugin>();
var kernel = builder.Build();

var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
Console.WriteLine(await kernel.InvokePromptAsync("Where is order 42?", new(settings)));

class OrderPlugin
{
    [KernelFunction] public string Status(int id) => "shipped";
}
