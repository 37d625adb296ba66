"""The Terraform export: the settings as an alicloud-provider configuration (document.py), written as HCL (hcl.py),
one module per part (storage, alerts) and the notes at the top of the file."""
