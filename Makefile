# Aliases for the environment commands (the seeds ask for `make up` / `make down`); the work is done by
# scripts/environment/up.ts and down.ts. Usage: make up ENV=dev [DRY_RUN=1] [YES=1], make down ENV=dev [DRY_RUN=1].
# YES=1: up commits and pushes the values Terraform wrote without asking (--yes).
ENV ?= dev
DRY_RUN ?=
YES ?=
FLAGS := $(if $(DRY_RUN),--dry-run,) $(if $(YES),--yes,)

.PHONY: up down check-terraform

up:
	npm run up -- $(ENV) $(FLAGS)

down:
	npm run down -- $(ENV) $(FLAGS)

check-terraform:
	npm run check:terraform
