FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY innokg innokg
COPY schema schema
COPY loaders loaders
COPY graph graph
COPY api api
COPY queries queries
COPY viz viz
COPY data data
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["innokg", "serve", "--host", "0.0.0.0", "--port", "8000"]
