"""Knowledge-base answers.

Example (not code): import anthropic
"""
import os

from fastapi import FastAPI
from openai import OpenAI
from langchain_openai import OpenAIEmbeddings

from app.models import Document  # MVC model, not an AI model

app = FastAPI()
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
embeddings = OpenAIEmbeddings(model="text-embedding-3-small")


@app.post("/ask")
def ask(question: str) -> dict:
    # from mistralai import Mistral  -- tried once
    docs = Document.search(embeddings.embed_query(question))
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    headers = {"User-Agent": "kb-bot/1.0"}
    return {"answer": reply.choices[0].message.content, "sources": docs, "ua": headers}
