from massnahmen.cli import main

main()
