"""The only package that talks to Alibaba Cloud, and only through the official SDK clients (imported lazily)."""
