; ModuleID = 'jlremote'
source_filename = "jlremote"
target triple = "x86_64-unknown-linux-gnu"

define i64 @julia_total_Int64(i64 %0) !dbg !4 {
entry:
  %n = alloca i64, align 8
  store i64 0, ptr %n, align 4
  store i64 %0, ptr %n, align 4
  %n1 = load i64, ptr %n, align 4, !dbg !7
  %1 = call i64 @julia_fib_Int64(i64 %n1), !dbg !8
  %n2 = load i64, ptr %n, align 4, !dbg !9
  %2 = call i64 @julia_area_Int64(i64 %n2), !dbg !10
  %3 = add i64 %1, %2, !dbg !8
  %n3 = load i64, ptr %n, align 4, !dbg !11
  %4 = sitofp i64 %n3 to float, !dbg !12
  %5 = call i64 @julia_area_Float32(float %4), !dbg !13
  %6 = add i64 %3, %5, !dbg !8
  ret i64 %6
}

define i64 @julia_area_Float64(double %0) !dbg !14 {
entry:
  %x = alloca double, align 8
  store double 0.000000e+00, ptr %x, align 8
  store double %0, ptr %x, align 8
  ret i64 1
}

define i64 @julia_area_Int32(i32 %0) !dbg !15 {
entry:
  %x = alloca i32, align 4
  store i32 0, ptr %x, align 4
  store i32 %0, ptr %x, align 4
  ret i64 2
}

define i64 @julia_fib_Int64(i64 %0) !dbg !16 {
entry:
  %n = alloca i64, align 8
  store i64 0, ptr %n, align 4
  store i64 %0, ptr %n, align 4
  %n1 = load i64, ptr %n, align 4, !dbg !17
  %1 = icmp slt i64 %n1, 2, !dbg !17
  br i1 %1, label %tern.then, label %tern.else, !dbg !17

tern.then:                                        ; preds = %entry
  %n2 = load i64, ptr %n, align 4, !dbg !18
  br label %tern.end, !dbg !17

tern.else:                                        ; preds = %entry
  %n3 = load i64, ptr %n, align 4, !dbg !19
  %2 = sub i64 %n3, 1, !dbg !19
  %3 = call i64 @julia_fib_Int64(i64 %2), !dbg !20
  %n4 = load i64, ptr %n, align 4, !dbg !21
  %4 = sub i64 %n4, 2, !dbg !21
  %5 = call i64 @julia_fib_Int64(i64 %4), !dbg !22
  %6 = add i64 %3, %5, !dbg !20
  br label %tern.end, !dbg !17

tern.end:                                         ; preds = %tern.else, %tern.then
  %7 = phi i64 [ %n2, %tern.then ], [ %6, %tern.else ], !dbg !17
  ret i64 %7
}

define i64 @julia_area_Int64(i64 %0) !dbg !23 {
entry:
  %x = alloca i64, align 8
  store i64 0, ptr %x, align 4
  store i64 %0, ptr %x, align 4
  ret i64 2
}

define i64 @julia_area_Float32(float %0) !dbg !24 {
entry:
  %x = alloca float, align 4
  store float 0.000000e+00, ptr %x, align 4
  store float %0, ptr %x, align 4
  ret i64 1
}

!llvm.module.flags = !{!0, !1}
!llvm.dbg.cu = !{!2}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !{i32 2, !"Dwarf Version", i32 4}
!2 = distinct !DICompileUnit(language: DW_LANG_Julia, file: !3, producer: "jlremote", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!3 = !DIFile(filename: "test.jl", directory: ".")
!4 = distinct !DISubprogram(name: "total", linkageName: "julia_total_Int64", scope: !3, file: !3, line: 7, type: !5, scopeLine: 7, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 7, column: 16, scope: !4)
!8 = !DILocation(line: 7, column: 12, scope: !4)
!9 = !DILocation(line: 7, column: 26, scope: !4)
!10 = !DILocation(line: 7, column: 21, scope: !4)
!11 = !DILocation(line: 7, column: 44, scope: !4)
!12 = !DILocation(line: 7, column: 36, scope: !4)
!13 = !DILocation(line: 7, column: 31, scope: !4)
!14 = distinct !DISubprogram(name: "area", linkageName: "julia_area_Float64", scope: !3, file: !3, line: 4, type: !5, scopeLine: 4, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!15 = distinct !DISubprogram(name: "area", linkageName: "julia_area_Int32", scope: !3, file: !3, line: 5, type: !5, scopeLine: 5, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!16 = distinct !DISubprogram(name: "fib", linkageName: "julia_fib_Int64", scope: !3, file: !3, line: 6, type: !5, scopeLine: 6, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!17 = !DILocation(line: 6, column: 10, scope: !16)
!18 = !DILocation(line: 6, column: 18, scope: !16)
!19 = !DILocation(line: 6, column: 26, scope: !16)
!20 = !DILocation(line: 6, column: 22, scope: !16)
!21 = !DILocation(line: 6, column: 39, scope: !16)
!22 = !DILocation(line: 6, column: 35, scope: !16)
!23 = distinct !DISubprogram(name: "area", linkageName: "julia_area_Int64", scope: !3, file: !3, line: 5, type: !5, scopeLine: 5, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!24 = distinct !DISubprogram(name: "area", linkageName: "julia_area_Float32", scope: !3, file: !3, line: 4, type: !5, scopeLine: 4, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
