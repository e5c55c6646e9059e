# The reproduction table of all included papers, and what `snakemake --report report.html` shows beside the
# figures (marked in each rules file with figure_png): that table, and the provenance of the run.
localrules: reproduction_rows, reproduction_table, reproduction_page, provenance_page
ALL_TARGETS.extend(["results/report/reproduction.html", "results/report/provenance.html"])


rule reproduction_rows:
    input: "results/paper{paper}/numbers.parquet"
    output: "results/reproduction/paper{paper}.parquet"
    log: "logs/reproduction/paper{paper}.log"
    wildcard_constraints: paper="[0-9]{3}|004_finite|004_information"
    params: code=code_fingerprint("reproduction_rows")
    run: stage("reproduction_rows --paper {wildcards.paper} --out {output} {input}")


rule reproduction_table:
    input: lambda wildcards: REPRODUCTION_ROWS
    output:
        csv="results/reproduction.csv",
        markdown="results/reproduction.md",
    log: "logs/reproduction/table.log"
    params: code=code_fingerprint("reproduction_table")
    run: stage("reproduction_table --csv {output.csv} --markdown {output.markdown} {input}")


rule reproduction_page:
    input: "results/reproduction.csv"
    output: report("results/report/reproduction.html", caption="../report/reproduction.rst", category="reproduction")
    log: "logs/report/reproduction.log"
    run: write_reproduction_page(input[0], output[0])


rule provenance_page:
    output: report("results/report/provenance.html", caption="../report/provenance.rst", category="provenance")
    log: "logs/report/provenance.log"
    params:
        commit=git_commit(),
        configfiles=config_files(),
        config=lambda wildcards: json.dumps(config, sort_keys=True),
    run: write_provenance_page(output[0], params.commit, params.configfiles)
