from contested.cli import main

main()
